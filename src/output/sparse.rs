//! Copying a file into the output without filling its holes. `std::fs::copy` on Linux uses
//! `copy_file_range`, which on ext4 and most other file systems without shared extents
//! writes a sparse file's holes out as zeros: a 20 GB disk image holding 1 MB of data became
//! 20 GB of output. A file with fewer blocks than its length is copied range by range
//! instead, from each `SEEK_DATA` to the next `SEEK_HOLE`, and the copy keeps its holes.
//! (The `libc` crate, already built for tokio and notify, gives `lseek`'s two whences.)

use std::fs;
use std::io;
use std::path::Path;

/// Copies `from` to `to`, keeping holes where the system can tell them.
pub fn copy(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(from)?;
        if meta.is_file() && meta.blocks().saturating_mul(512) < meta.len() {
            return copy_sparse(from, to, meta.len());
        }
    }
    fs::copy(from, to).map(|_| ())
}

#[cfg(target_os = "linux")]
fn copy_sparse(from: &Path, to: &Path, len: u64) -> io::Result<()> {
    use std::fs::File;
    use std::io::{Seek, SeekFrom};
    use std::os::fd::AsRawFd;

    let mut source = File::open(from)?;
    let mut target = File::create(to)?;
    let seek = |file: &File, at: u64, whence: libc::c_int| -> io::Result<Option<u64>> {
        let at = libc::off_t::try_from(at).map_err(io::Error::other)?;
        // SAFETY: lseek on an open descriptor of ours; it reads and moves only its offset.
        let found = unsafe { libc::lseek(file.as_raw_fd(), at, whence) };
        if found >= 0 {
            return Ok(Some(found as u64));
        }
        let e = io::Error::last_os_error();
        // ENXIO: no data at or after `at`, only a hole to the end.
        if e.raw_os_error() == Some(libc::ENXIO) {
            Ok(None)
        } else {
            Err(e)
        }
    };
    let mut at = 0;
    while at < len {
        let Some(data) = seek(&source, at, libc::SEEK_DATA)? else {
            break;
        };
        let hole = seek(&source, data, libc::SEEK_HOLE)?.unwrap_or(len);
        source.seek(SeekFrom::Start(data))?;
        target.seek(SeekFrom::Start(data))?;
        io::copy(&mut io::Read::take(&mut source, hole - data), &mut target)?;
        at = hole;
    }
    // A hole at the end has no data to write: the length makes it.
    target.set_len(len)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::{Seek, SeekFrom, Write};
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn a_sparse_file_stays_sparse_and_equal() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("image.bin");
        let mut f = File::create(&from).unwrap();
        f.write_all(b"start").unwrap();
        f.seek(SeekFrom::Start(256 << 20)).unwrap();
        f.write_all(b"middle").unwrap();
        f.set_len(512 << 20).unwrap();
        drop(f);
        let to = dir.path().join("copy.bin");
        copy(&from, &to).unwrap();
        let meta = fs::metadata(&to).unwrap();
        assert_eq!(meta.len(), 512 << 20);
        // A few blocks of data, not 512 MB of them.
        assert!(meta.blocks() * 512 < 1 << 20, "{} blocks", meta.blocks());
        let mut copied = File::open(&to).unwrap();
        let mut read = |at: u64, n: usize| {
            let mut buf = vec![0; n];
            copied.seek(SeekFrom::Start(at)).unwrap();
            io::Read::read_exact(&mut copied, &mut buf).unwrap();
            buf
        };
        assert_eq!(read(0, 5), b"start");
        assert_eq!(read(256 << 20, 6), b"middle");
        assert_eq!(read(100 << 20, 4), [0, 0, 0, 0]);
    }
}
