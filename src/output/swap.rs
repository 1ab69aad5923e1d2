//! The two operating-system steps publishing rests on: a lock that keeps two builds of one
//! output apart, and the exchange of the staging folder with the output folder.
//!
//! On Linux the exchange is one `renameat2(RENAME_EXCHANGE)`: at every moment the output
//! path names either the old folder or the new one, whole. Where the system has no such
//! call (other systems, or a file system that refuses it), two renames are used instead,
//! leaving a moment in which the output path does not exist; a build killed in that moment
//! leaves the old output beside it as the staging folder, and the next build recovers it.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

/// An exclusive lock on one output folder, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock file at `path`, waiting while another build holds it. `waiting` is
    /// called once if it must wait.
    pub fn take(path: &Path, waiting: impl FnOnce()) -> Result<Lock> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        use rustix::fs::{FlockOperation, flock};
        let failed = |e: rustix::io::Errno| Error::Io { path: path.to_path_buf(), source: e.into() };
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => {
                waiting();
                flock(&file, FlockOperation::LockExclusive).map_err(failed)?;
            }
            Err(e) => return Err(failed(e)),
        }
        Ok(Lock { _file: file })
    }
}

/// Puts the folder `staging` at `out` and the old `out` (if there is one) at `staging`.
pub fn exchange(staging: &Path, out: &Path) -> Result<()> {
    let failed = |source| Error::Io { path: out.to_path_buf(), source };
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(failed);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // The file system or kernel has no exchange: fall back to two renames.
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            Err(e) => return Err(failed(e.into())),
        }
    }
    two_renames(staging, out).map_err(failed)
}

/// The exchange as two renames through a temporary name beside `out`.
fn two_renames(staging: &Path, out: &Path) -> std::io::Result<()> {
    let aside = staging.with_extension("swapping");
    std::fs::rename(out, &aside)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(e);
    }
    std::fs::rename(&aside, staging)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_exchange_two_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).expect("mkdir");
        std::fs::create_dir(&b).expect("mkdir");
        std::fs::write(a.join("f"), "new").expect("write");
        std::fs::write(b.join("f"), "old").expect("write");
        exchange(&a, &b).expect("exchange");
        assert_eq!(std::fs::read_to_string(b.join("f")).expect("read"), "new");
        assert_eq!(std::fs::read_to_string(a.join("f")).expect("read"), "old");
        two_renames(&a, &b).expect("two renames");
        assert_eq!(std::fs::read_to_string(b.join("f")).expect("read"), "old");
        assert_eq!(std::fs::read_to_string(a.join("f")).expect("read"), "new");
    }

    #[test]
    fn can_wait_for_a_held_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lock");
        let first = Lock::take(&path, || panic!("the first takes it at once")).expect("first");
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let mut waited = false;
            let lock = Lock::take(&path, || waited = true).expect("second");
            tx.send(waited).expect("send");
            drop(lock);
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(rx.try_recv().is_err(), "the second must wait while the first holds the lock");
        drop(first);
        assert!(rx.recv().expect("recv"), "the second was told it waits");
        waiter.join().expect("join");
    }
}
