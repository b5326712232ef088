//! Fingerprints of what a page's template sees: a hash of its serialized view (the very value
//! templates get as `page` or `section`), so a rebuild re-renders a page exactly when its
//! inputs changed, whatever fields the view grows later.

use std::hash::{DefaultHasher, Hasher};
use std::io;

use crate::content::PageId;
use crate::library::Library;
use crate::render::context::{page_link, page_view, Wanted};
use crate::render::markdown::Rendering;

/// Feeds written bytes to a hasher, so a value can be hashed by serializing it.
struct HashWriter(DefaultHasher);

impl io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn hash_serialized<T: serde::Serialize>(value: &T) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    serde_json::to_writer(&mut w, value).expect("views serialize");
    w.0.finish()
}

/// The fingerprint of page `id`'s full view.
pub fn page(lib: &Library, html: &Rendering, id: PageId) -> u64 {
    hash_serialized(&page_view(lib, html, id, Wanted::ALL))
}

/// What `get_sections()` is made of: the home's subsections, their links and weights.
pub fn sections(lib: &Library) -> u64 {
    let Some(home) = lib.home() else {
        return 0;
    };
    let sections: Vec<_> = lib.pages[home]
        .subsections
        .iter()
        .map(|&id| (page_link(lib, id), lib.pages[id].front_matter.weight))
        .collect();
    hash_serialized(&sections)
}
