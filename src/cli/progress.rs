//! A progress line for long builds: it appears only when a build runs past a second, only
//! on a terminal, and only when INFO messages are shown (not with `--quiet`).

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How long a build runs before the progress line appears.
const DELAY: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(80);

/// A running progress line; dropping it clears the line.
pub struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Shows `written` (files written so far) while the build runs.
    pub fn start(written: Arc<AtomicUsize>) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let show = std::io::stderr().is_terminal() && tracing::enabled!(tracing::Level::INFO);
        let thread = show.then(|| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let started = Instant::now();
                while started.elapsed() < DELAY {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(TICK);
                }
                let bar = ProgressBar::new_spinner();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} building: {pos} files written ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                while !done.load(Ordering::Relaxed) {
                    bar.set_position(u64::try_from(written.load(Ordering::Relaxed)).unwrap_or(u64::MAX));
                    bar.tick();
                    std::thread::sleep(TICK);
                }
                bar.finish_and_clear();
            })
        });
        Progress { done, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
