//! Progress of an import: an indicatif bar (files/s, ETA) on a terminal,
//! plain periodic lines otherwise (CI logs, `2> import.log`).
//!
//! Part of the **store** stage; only the import's writer thread drives it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts handled files and shows the rate; drawn on standard error.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: u64,
    start: Instant,
    last_line: Instant,
    every: Duration,
    quiet: bool,
}

impl Progress {
    /// A bar when standard error is a terminal, else a line every `every`.
    pub fn new(total: u64, every: Duration, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            total,
            done: 0,
            start: now,
            last_line: now,
            every,
            quiet,
        }
    }

    /// One more file handled.
    pub fn inc(&mut self) {
        self.done += 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if !self.quiet && self.last_line.elapsed() >= self.every => {
                self.last_line = Instant::now();
                eprintln!("{}", self.line());
            }
            None => {}
        }
    }

    /// Print the plain progress line if it is due, even though no file
    /// finished since the last one (a slow file is being read).
    pub fn tick(&mut self) {
        if self.bar.is_none() && !self.quiet && self.last_line.elapsed() >= self.every {
            self.last_line = Instant::now();
            eprintln!("{}", self.line());
        }
    }

    /// A line of its own on standard error (above the bar, if any).
    pub fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None if !self.quiet => eprintln!("{line}"),
            None => {}
        }
    }

    /// Files per second since the start.
    pub fn rate(&self) -> f64 {
        let secs = self.start.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.done as f64 / secs
        } else {
            0.0
        }
    }

    fn line(&self) -> String {
        let rate = self.rate();
        let left = self.total.saturating_sub(self.done);
        let eta = if rate > 0.0 {
            format_duration(Duration::from_secs_f64(left as f64 / rate))
        } else {
            "?".to_string()
        };
        format!(
            "cchc import: {}/{} files ({:.0}%), {:.1} files/s, ETA {eta}",
            self.done,
            self.total,
            100.0 * self.done as f64 / self.total.max(1) as f64,
            rate
        )
    }

    /// Remove the bar; the summary follows.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
}

/// "1h02m", "3m07s", "12s".
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_say_count_share_rate_and_eta() {
        let mut p = Progress::new(10, Duration::from_secs(3600), true);
        for _ in 0..5 {
            p.inc();
        }
        let line = p.line();
        assert!(
            line.starts_with("cchc import: 5/10 files (50%), "),
            "{line}"
        );
        assert!(line.contains(" files/s, ETA "), "{line}");
    }

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(format_duration(Duration::from_secs(3725)), "1h02m");
        assert_eq!(format_duration(Duration::from_secs(187)), "3m07s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
    }
}
