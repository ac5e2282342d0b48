//! Part of stage 3 (**extract**): what the document says about itself.

use crate::model::DocMeta;
use crate::segment::Segmented;

/// Read the document's metadata from its header block and title.
pub fn read_meta(_text: &str, _seg: &Segmented) -> DocMeta {
    DocMeta::default()
}
