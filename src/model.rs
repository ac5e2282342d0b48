//! The data every stage hands to the next, and the output contract
//! (`shared/spec/output.md`, schema 1).
//!
//! Pipeline: ingest → segment → extract → validate → emit. Each stage takes
//! the types here (or its own small input type) and returns new values; no
//! stage calls back into an earlier one. Field names are the JSON contract:
//! fields may be added, never renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};

pub use crate::findings::FindingCode;

/// Version of the output contract; bump it only when a field changes meaning.
pub const SCHEMA: u32 = 1;

/// One input file, as analysts read it: where it came from, what it is,
/// its figures, what is inconsistent, and what went wrong reading it.
///
/// In JSON every figure also carries `cell`: the spreadsheet cell its value
/// was read from (`"Biểu 01!D12"`), null for other inputs. It is kept here,
/// by figure id, rather than in [`Figure`], because the pipeline fills it in
/// after extraction from the figure's `value_span` (see [`crate::Pipeline`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentOutput {
    pub schema: u32,
    pub source: Source,
    pub document: DocMeta,
    pub figures: Vec<Figure>,
    pub findings: Vec<Finding>,
    pub errors: Vec<ReadError>,
    /// Figure id → "Sheet!D12", for figures read from a workbook's cells.
    pub cells: BTreeMap<String, String>,
}

impl DocumentOutput {
    /// The spreadsheet cell a figure's value was read from.
    pub fn cell_of(&self, f: &Figure) -> Option<&str> {
        self.cells.get(&f.id).map(String::as_str)
    }
}

/// A figure as the JSON contract writes it: its fields, then `cell`.
#[derive(Serialize)]
struct FigureOut<'a> {
    #[serde(flatten)]
    figure: &'a Figure,
    cell: Option<&'a str>,
}

#[derive(Deserialize)]
struct FigureIn {
    #[serde(flatten)]
    figure: Figure,
    #[serde(default)]
    cell: Option<String>,
}

impl Serialize for DocumentOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let figures: Vec<FigureOut> = self
            .figures
            .iter()
            .map(|f| FigureOut {
                figure: f,
                cell: self.cell_of(f),
            })
            .collect();
        let mut st = s.serialize_struct("DocumentOutput", 6)?;
        st.serialize_field("schema", &self.schema)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("document", &self.document)?;
        st.serialize_field("figures", &figures)?;
        st.serialize_field("findings", &self.findings)?;
        st.serialize_field("errors", &self.errors)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for DocumentOutput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Doc {
            schema: u32,
            source: Source,
            document: DocMeta,
            figures: Vec<FigureIn>,
            findings: Vec<Finding>,
            errors: Vec<ReadError>,
        }
        let doc = Doc::deserialize(d)?;
        let mut cells = BTreeMap::new();
        let mut figures = Vec::with_capacity(doc.figures.len());
        for f in doc.figures {
            if let Some(c) = f.cell {
                cells.insert(f.figure.id.clone(), c);
            }
            figures.push(f.figure);
        }
        Ok(DocumentOutput {
            schema: doc.schema,
            source: doc.source,
            document: doc.document,
            figures,
            findings: doc.findings,
            errors: doc.errors,
            cells,
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub format: Format,
    /// `utf-8`, `utf-16`, `windows-1258`, `tcvn3`, `vni`; null when unknown.
    pub encoding: Option<String>,
    pub pages: usize,
    pub bytes: u64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Txt,
    Pdf,
    Docx,
    Html,
    /// An Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// A BIFF workbook of Excel 97–2003 (`.xls`).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// Bytes we could not recognise; the document carries an error.
    Unknown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Unknown => "unknown",
        }
    }
}

/// What the document says about itself (header block, title, period).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct DocMeta {
    pub kind: DocKind,
    /// "204/BC-UBND"
    pub number: Option<String>,
    /// ISO date of signature, "2023-09-08".
    pub date: Option<String>,
    /// "UBND phường Phổ Minh"
    pub issuer: Option<String>,
    /// `phuong`, `xa`, `thi_tran`, `quan`, `huyen`, `thi_xa`, `thanh_pho`, `tinh`, …
    pub level: Option<String>,
    pub period: Option<Period>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    BaoCao,
    KeHoach,
    QuyetDinh,
    CongVan,
    #[default]
    Other,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::BaoCao => "bao_cao",
            DocKind::KeHoach => "ke_hoach",
            DocKind::QuyetDinh => "quyet_dinh",
            DocKind::CongVan => "cong_van",
            DocKind::Other => "other",
        }
    }
}

/// A reporting period: "quý III năm 2023" → 2023-07-01 … 2023-09-30.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
pub struct Period {
    pub label: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Achieved / reported result.
    Actual,
    /// Plan, goal, "phấn đấu", "chỉ tiêu".
    Target,
    /// Previous period given for comparison ("giảm từ A xuống còn B": A).
    Baseline,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Actual => "actual",
            Role::Target => "target",
            Role::Baseline => "baseline",
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// "trên", "hơn"
    Gt,
    /// "tối thiểu", "ít nhất", "từ … trở lên"
    Ge,
    /// "dưới"
    Lt,
    /// "tối đa", "không quá"
    Le,
    /// "khoảng", "gần"
    Approx,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Gt => "gt",
            Qualifier::Ge => "ge",
            Qualifier::Lt => "lt",
            Qualifier::Le => "le",
            Qualifier::Approx => "approx",
        }
    }
}

/// Where something is in the normalized (NFC) text of its document.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based page of `start` (1 for formats without pages).
    pub page: usize,
}

/// One stated number, tied to an indicator.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Figure {
    /// "f1", "f2", … in text order; unique within a document.
    pub id: String,
    /// `family.name` from `shared/spec/indicators.md` (or an added one).
    pub indicator: String,
    /// Percentages as 0–100, money in đồng, scores in points.
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    /// `ho_so`, `thu_tuc`, `phieu`, `nguoi`, `percent`, `dong`, `diem`, `van_ban`, `tai_khoan`, `count`.
    pub unit: String,
    pub role: Role,
    pub qualifier: Option<Qualifier>,
    /// Heading path, "III.2.c"; null before the first heading.
    pub section: Option<String>,
    /// The sub-unit the figure is about; null when it is the issuer itself.
    pub scope: Option<String>,
    /// Set only when it differs from the document's period.
    pub period: Option<Period>,
    /// The matched text (the evidence a reader checks).
    pub text: String,
    /// Where `text` is.
    pub span: Span,
    /// `indicator/rule-id` of the pattern that produced the figure.
    pub rule: String,
    /// The number exactly as written ("99,8", "3.954", "hơn 37 nghìn").
    pub raw: String,
    /// Where the number itself is (inside `span`).
    pub value_span: Span,
    /// Decimal places as written ("99,8" → 1, "3.954" → 0): the stated precision.
    pub decimals: u32,
}

/// Write whole numbers as JSON integers (3954, not 3954.0), as the contract shows.
pub fn serialize_number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn serialize_opt_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) => serialize_number(x, s),
        None => s.serialize_none(),
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One inconsistency (or thing worth a look) found by the validator.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// The finding's code, e.g. `ratio.stated_vs_computed`, registered in
    /// `patterns/findings.toml` (`cchc explain CODE`); `rule` in the output.
    pub rule: FindingCode,
    pub severity: Severity,
    /// One sentence with the arithmetic, e.g. "276/316 is 87,34%, but the text states 85,44%".
    pub message: String,
    /// Ids of the figures involved (the first is the one the message is about).
    pub figures: Vec<String>,
    #[serde(serialize_with = "serialize_opt_number")]
    pub stated: Option<f64>,
    #[serde(serialize_with = "serialize_opt_number")]
    pub computed: Option<f64>,
    /// Places that are not figures (a malformed number, a blank field) or
    /// extra places to show; diagnostics underline these and the figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<LabeledSpan>,
    /// Extra lines for the reader: the suspected figure, a corrected reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LabeledSpan {
    pub span: Span,
    pub label: String,
}

/// Why an input could not be read fully. The document still appears in the
/// output with this in `errors`, so every input is accounted for.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReadError {
    pub kind: ErrorKind,
    /// A sentence a clerk understands.
    pub message: String,
    /// How many places of the file the error is about (bytes that were
    /// replaced, for `lossy_encoding`); absent when it is about the whole file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Byte offsets into the file of the first of those places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offsets: Vec<u64>,
}

impl ReadError {
    /// An error about the whole file.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            message: message.into(),
            count: None,
            offsets: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    EmptyFile,
    UnsupportedFormat,
    EncryptedPdf,
    CorruptPdf,
    ScannedPdfNoText,
    /// Some pages could not be read; the rest were.
    DamagedPages,
    /// A valid document with no pages / no text.
    NoText,
    CorruptDocx,
    /// Legacy-encoded text whose conversion could not restore every letter,
    /// or bytes that were not valid in the file's encoding and were replaced.
    LossyEncoding,
    /// The bytes are not UTF-8 and read as Vietnamese in no known encoding.
    UnknownEncoding,
    /// The reader did not finish within the time limit.
    Timeout,
    /// The reader crashed (panic, abort, out of memory); it was isolated.
    ReaderCrashed,
    /// The file is larger than the configured limit.
    TooLarge,
    /// OCR was asked for but could not run.
    OcrUnavailable,
    /// The file was damaged but repaired while reading (looping page tree,
    /// rebuilt index); everything found was read.
    RepairedPdf,
    /// A workbook protected with a password.
    EncryptedWorkbook,
    /// A workbook that cannot be read (damaged container, sheet or XML).
    CorruptWorkbook,
}

impl ErrorKind {
    /// Every kind, for the registry's test that each has an explanation.
    pub const ALL: [ErrorKind; 18] = [
        ErrorKind::Io,
        ErrorKind::EmptyFile,
        ErrorKind::UnsupportedFormat,
        ErrorKind::EncryptedPdf,
        ErrorKind::CorruptPdf,
        ErrorKind::ScannedPdfNoText,
        ErrorKind::DamagedPages,
        ErrorKind::NoText,
        ErrorKind::CorruptDocx,
        ErrorKind::LossyEncoding,
        ErrorKind::UnknownEncoding,
        ErrorKind::Timeout,
        ErrorKind::ReaderCrashed,
        ErrorKind::TooLarge,
        ErrorKind::OcrUnavailable,
        ErrorKind::RepairedPdf,
        ErrorKind::EncryptedWorkbook,
        ErrorKind::CorruptWorkbook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::EmptyFile => "empty_file",
            ErrorKind::UnsupportedFormat => "unsupported_format",
            ErrorKind::EncryptedPdf => "encrypted_pdf",
            ErrorKind::CorruptPdf => "corrupt_pdf",
            ErrorKind::ScannedPdfNoText => "scanned_pdf_no_text",
            ErrorKind::DamagedPages => "damaged_pages",
            ErrorKind::NoText => "no_text",
            ErrorKind::CorruptDocx => "corrupt_docx",
            ErrorKind::LossyEncoding => "lossy_encoding",
            ErrorKind::UnknownEncoding => "unknown_encoding",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ReaderCrashed => "reader_crashed",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::OcrUnavailable => "ocr_unavailable",
            ErrorKind::RepairedPdf => "repaired_pdf",
            ErrorKind::EncryptedWorkbook => "encrypted_workbook",
            ErrorKind::CorruptWorkbook => "corrupt_workbook",
        }
    }

    /// True when nothing usable was read (exit status 2 per the contract).
    pub fn is_fatal(self) -> bool {
        !matches!(
            self,
            ErrorKind::DamagedPages
                | ErrorKind::LossyEncoding
                | ErrorKind::NoText
                | ErrorKind::RepairedPdf
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_values_serialize_as_integers() {
        #[derive(Serialize)]
        struct W {
            #[serde(serialize_with = "serialize_number")]
            v: f64,
        }
        assert_eq!(
            serde_json::to_string(&W { v: 3954.0 }).unwrap(),
            r#"{"v":3954}"#
        );
        assert_eq!(
            serde_json::to_string(&W { v: 99.8 }).unwrap(),
            r#"{"v":99.8}"#
        );
    }

    #[test]
    fn figures_carry_their_cell_in_json() {
        let mut fig =
            crate::validate::relations::example_figure("f1", "dossiers.received_total", 327.0);
        fig.value = 99.5;
        let mut doc = DocumentOutput {
            schema: SCHEMA,
            source: Source::default(),
            document: DocMeta::default(),
            figures: vec![
                fig.clone(),
                Figure {
                    id: "f2".into(),
                    ..fig
                },
            ],
            findings: vec![],
            errors: vec![],
            cells: BTreeMap::new(),
        };
        doc.cells.insert("f1".into(), "Biểu 01!D12".into());
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["figures"][0]["cell"], "Biểu 01!D12");
        assert!(json["figures"][1]["cell"].is_null());
        assert_eq!(json["figures"][0]["value"], 99.5);
        let back: DocumentOutput = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn enums_use_contract_spelling() {
        assert_eq!(
            serde_json::to_string(&DocKind::KeHoach).unwrap(),
            "\"ke_hoach\""
        );
        assert_eq!(
            serde_json::to_string(&ErrorKind::ScannedPdfNoText).unwrap(),
            "\"scanned_pdf_no_text\""
        );
        assert_eq!(
            serde_json::to_string(&Qualifier::Approx).unwrap(),
            "\"approx\""
        );
    }
}
