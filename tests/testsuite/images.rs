//! Image derivatives: `resize_image` with Zola's ops on real PNG and JPEG files (the
//! outputs decoded and measured), the cache a second build reuses, and `width`, `height`,
//! `srcset` and `sizes` on a page's own images.

use std::path::Path;

use image::{ImageFormat, RgbImage};

use crate::support::common::*;

/// A real image file of `width` × `height`, a gradient so encoders have work to do.
fn write_image(path: &Path, width: u32, height: u32, format: ImageFormat) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    pixels.save_with_format(path, format).unwrap();
}

fn decoded_size(path: &Path) -> (u32, u32) {
    let image = image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (image.width(), image.height())
}

const OPS: &str = r#"{% for op in ["scale", "fit_width", "fit_height", "fit", "fill"] -%}
{% set r = resize_image(path=path, width=150, height=150, op=op, format=format) -%}
<img class="op-{{ op }}" src="{{ r.url }}" data-static="{{ r.static_path }}" data-size="{{ r.width }}x{{ r.height }}" data-orig="{{ r.orig_width }}x{{ r.orig_height }}" alt="">
{% endfor %}"#;

fn ops_site() -> TestSite {
    let site = TestSite::new();
    site.file("templates/shortcodes/ops.html", OPS);
    write_image(
        &site.root().join("content/story/wide.png"),
        600,
        400,
        ImageFormat::Png,
    );
    write_image(
        &site.root().join("static/tall.jpg"),
        200,
        500,
        ImageFormat::Jpeg,
    );
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "{{ ops(path=\"story/wide.png\", format=\"auto\") }}\n\n{{ ops(path=\"tall.jpg\", format=\"webp\") }}\n",
    );
    site
}

#[test]
fn resize_image_follows_zolas_ops_on_png_and_jpeg() {
    let site = ops_site();
    site.build();
    let doc = site.html("story/index.html");
    let sizes = attrs(&doc, "img[class^=op-]", "data-size");
    assert_eq!(
        sizes,
        [
            "150x150", "150x100", "225x150", "150x100", "150x150", // wide.png
            "150x150", "150x375", "60x150", "60x150", "150x150", // tall.jpg
        ]
    );
    assert_eq!(
        attrs(&doc, "img[class^=op-]", "data-orig")[..6],
        ["600x400", "600x400", "600x400", "600x400", "600x400", "200x500"]
    );
    // Each derivative is written where it says, and is the size it says.
    for (path, size) in attrs(&doc, "img[class^=op-]", "data-static")
        .iter()
        .zip(&sizes)
    {
        let file = site.out().join(path);
        let (w, h) = decoded_size(&file);
        assert_eq!(&format!("{w}x{h}"), size, "{path}");
    }
    let statics = attrs(&doc, "img[class^=op-]", "data-static");
    assert!(statics[..5]
        .iter()
        .all(|p| p.starts_with("processed_images/") && p.ends_with(".png")));
    assert!(statics[5..].iter().all(|p| p.ends_with(".webp")));
    let urls = attrs(&doc, "img[class^=op-]", "src");
    assert_eq!(urls[0], format!("https://example.org/{}", statics[0]));
}

#[test]
fn a_second_build_reuses_the_cache_and_an_edited_image_gets_a_new_derivative() {
    let site = ops_site();
    site.build();
    let cache = site.root().join(".dossier-cache/images");
    let stamps = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = stamps(&cache);
    assert_eq!(first.len(), 10, "{first:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build();
    assert_eq!(stamps(&cache), first, "the second build encoded again");
    assert_eq!(stamps(&site.out().join("processed_images")).len(), 10);

    write_image(
        &site.root().join("content/story/wide.png"),
        450,
        300,
        ImageFormat::Png,
    );
    site.build();
    let third = stamps(&cache);
    assert_eq!(third.len(), 15, "{third:?}");
    let doc = site.html("story/index.html");
    assert_eq!(attrs(&doc, "img.op-fit_width", "data-size")[0], "150x100");
    assert_eq!(attrs(&doc, "img.op-fit_width", "data-orig")[0], "450x300");
}

#[test]
fn a_bad_request_is_an_error_at_the_call() {
    let site = TestSite::new();
    site.file(
        "templates/shortcodes/thumb.html",
        "{% set r = resize_image(path=path, width=10, height=10, op=op) %}{{ r.url }}",
    );
    write_image(&site.root().join("static/a.png"), 20, 20, ImageFormat::Png);
    site.page(
        "a.md",
        "title = \"A\"",
        "Text.\n\n{{ thumb(path=\"a.png\", op=\"squash\") }}\n",
    );
    let stderr = site.build_fails();
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("content/a.md:6:1: error: shortcode `thumb` failed: "),
        "{stderr}"
    );
    assert!(
        first.ends_with("resize_image(path=\"a.png\"): unknown op `squash`: use scale, fit_width, fit_height, fit or fill"),
        "{stderr}"
    );
    site.page(
        "a.md",
        "title = \"A\"",
        "{{ thumb(path=\"missing.png\", op=\"fit\") }}\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("resize_image(path=\"missing.png\"): no image `missing.png` in content/, static/ or the site's folder"),
        "{stderr}"
    );
}

#[test]
fn images_of_a_page_get_their_size_and_narrower_copies() {
    let site = TestSite::new();
    write_image(
        &site.root().join("content/story/harbour.jpg"),
        1500,
        750,
        ImageFormat::Jpeg,
    );
    write_image(
        &site.root().join("content/story/icon.png"),
        300,
        200,
        ImageFormat::Png,
    );
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "![The harbour](harbour.jpg \"At dawn\")\n\n![An *icon*](icon.png)\n",
    );
    site.build();
    let doc = site.html("story/index.html");
    let img = |attr: &str| attrs(&doc, "main img", attr);
    assert_eq!(img("src"), ["harbour.jpg", "icon.png"]);
    assert_eq!(img("alt"), ["The harbour", "An icon"]);
    assert_eq!(img("title"), ["At dawn"]);
    assert_eq!(img("width"), ["1500", "300"]);
    assert_eq!(img("height"), ["750", "200"]);
    assert_eq!(img("sizes"), ["(min-width: 40rem) 40rem, 100vw"]);
    let srcset = &img("srcset")[0];
    let candidates: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|c| c.split_once(' ').unwrap())
        .collect();
    assert_eq!(
        candidates.iter().map(|c| c.1).collect::<Vec<_>>(),
        ["480w", "960w", "1440w", "1500w"]
    );
    assert_eq!(candidates[3].0, "harbour.jpg");
    for (url, width) in &candidates[..3] {
        let rel = url.strip_prefix("https://example.org/").unwrap();
        assert!(
            rel.starts_with("processed_images/") && rel.ends_with(".jpg"),
            "{rel}"
        );
        let (w, h) = decoded_size(&site.out().join(rel));
        assert_eq!(format!("{w}w"), *width);
        assert_eq!(h, w / 2);
    }
}

#[test]
fn responsive_images_false_leaves_images_as_written() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n[markdown]\nresponsive_images = false\n",
    );
    write_image(
        &site.root().join("content/story/harbour.jpg"),
        2000,
        1000,
        ImageFormat::Jpeg,
    );
    site.page(
        "story/index.md",
        "title = \"Story\"",
        "![The harbour](harbour.jpg)\n",
    );
    site.build();
    let html = site.read("story/index.html");
    assert!(
        html.contains("<img src=\"harbour.jpg\" alt=\"The harbour\" />"),
        "{html}"
    );
    assert!(!site.exists("processed_images"));
}

mod live {
    //! `dossier serve` serves the derivatives a full build writes, before and after edits.

    use super::write_image;
    use crate::support::serve::{dossier_files, served, step_as_built, TempSite};
    use dossier::incremental::{Change, LiveSite};
    use dossier::site::Options;
    use image::ImageFormat;

    /// Applies `changes` and checks the served site against a full build; whether the
    /// site was loaded again.
    fn step(live: &mut LiveSite, site: &TempSite, changes: &[Change], what: &str) -> bool {
        let options = Options {
            base_url: Some("http://127.0.0.1:4321".into()),
            ..Options::default()
        };
        let rebuild = step_as_built(live, site, changes, &options, what);
        assert!(
            served(live)
                .keys()
                .any(|p| p.starts_with("processed_images/"))
                || what == "the first build"
        );
        rebuild.full
    }

    #[test]
    fn derivatives_are_served_as_a_full_build_writes_them() {
        let site = TempSite::new(&dossier_files());
        let options = Options {
            base_url: Some("http://127.0.0.1:4321".into()),
            ..Options::default()
        };
        let mut live = LiveSite::new(site.root(), options);
        step(&mut live, &site, &[], "the first build");
        write_image(
            &site.path("content/story/a.png"),
            600,
            300,
            ImageFormat::Png,
        );
        site.write(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\n![A](a.png)\n",
        );
        let content = |rel: &str| Change::Content(rel.to_string());
        step(
            &mut live,
            &site,
            &[content("story/a.png"), content("story/index.md")],
            "a page with an image added",
        );
        write_image(
            &site.path("content/story/b.png"),
            500,
            250,
            ImageFormat::Png,
        );
        site.write(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\n![B](b.png)\n",
        );
        // A new image, not read before, and the page: the page is patched, not the site
        // loaded again, and a.png's derivative is no longer served.
        let full = step(
            &mut live,
            &site,
            &[content("story/b.png"), content("story/index.md")],
            "the image replaced by another",
        );
        assert!(!full, "an edit of a page with images patches it");
        site.write(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\nNow with words.\n\n![B](b.png)\n",
        );
        let full = step(
            &mut live,
            &site,
            &[content("story/index.md")],
            "words added",
        );
        assert!(!full, "an edit of a page with images patches it");
        // The image itself changes: its derivatives are named after its bytes, and the
        // pages showing it are not known, so the site is loaded again.
        write_image(
            &site.path("content/story/b.png"),
            700,
            350,
            ImageFormat::Png,
        );
        let full = step(
            &mut live,
            &site,
            &[content("story/b.png")],
            "the image edited",
        );
        assert!(full, "an edited image loads the site again");
        // A second page with an image, then the first page removed: its derivatives go.
        write_image(
            &site.path("content/other/c.png"),
            900,
            450,
            ImageFormat::Png,
        );
        site.write(
            "content/other/index.md",
            "+++\ntitle = \"Other\"\n+++\n![C](c.png)\n",
        );
        step(
            &mut live,
            &site,
            &[content("other/c.png"), content("other/index.md")],
            "a second page with an image",
        );
        // A template asks for a derivative of the image its page names; the page then
        // names another: the first derivative goes, with no full load.
        site.write(
            "templates/photo.html",
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body>{% set r = resize_image(path=page.extra.img, width=120, op=\"fit_width\") %}<img src=\"{{ r.url }}\" alt=\"\"></body></html>\n",
        );
        let photo = |img: &str| {
            format!("+++\ntitle = \"Photo\"\ntemplate = \"photo.html\"\n[extra]\nimg = \"{img}\"\n+++\n")
        };
        site.write("content/photo.md", &photo("@/other/c.png"));
        step(
            &mut live,
            &site,
            &[Change::Template("photo.html".into()), content("photo.md")],
            "a page whose template asks for a derivative",
        );
        write_image(
            &site.path("content/other/d.png"),
            300,
            150,
            ImageFormat::Png,
        );
        site.write("content/photo.md", &photo("@/other/d.png"));
        let full = step(
            &mut live,
            &site,
            &[content("other/d.png"), content("photo.md")],
            "the template's image changed",
        );
        assert!(
            !full,
            "an edit of a page whose template asks for images patches it"
        );
        std::fs::remove_dir_all(site.path("content/story")).unwrap();
        let full = step(
            &mut live,
            &site,
            &[content("story")],
            "the first page removed",
        );
        assert!(!full, "a removed page restructures the site, no more");
    }
}

mod served {
    //! Over HTTP: a derivative that did not exist at the last build is made when a page
    //! asks for it, not answered "not found".

    use std::time::Duration;

    use super::write_image;
    use crate::support::common::attrs;
    use crate::support::serve::{dossier_files, eventually, get, TempSite};
    use dossier::serve::{self, ServeOptions};
    use image::ImageFormat;

    #[test]
    fn a_derivative_new_since_the_last_build_is_served_at_once() {
        let site = TempSite::new(&dossier_files());
        write_image(
            &site.path("content/story/a.png"),
            600,
            300,
            ImageFormat::Png,
        );
        site.write(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\n![A](a.png)\n",
        );
        let options = ServeOptions {
            port: 0,
            verbose: false,
            ..ServeOptions::default()
        };
        let server = serve::start(site.root(), options).unwrap_or_else(|d| panic!("{d}"));
        let addr = server.addr();
        assert_eq!(get(addr, "/story/").status, 200);

        write_image(
            &site.path("content/story/b.png"),
            700,
            350,
            ImageFormat::Png,
        );
        site.save_by_rename(
            "content/story/index.md",
            "+++\ntitle = \"Story\"\n+++\n![B](b.png)\n",
        );
        let srcset = eventually(Duration::from_secs(30), "the page to show b.png", || {
            let html = get(addr, "/story/").html();
            attrs(&html, "img[alt=B]", "srcset").pop()
        });
        let first = srcset.split(' ').next().unwrap();
        let path = &first[first.find("/processed_images/").expect(&srcset)..];
        let derivative = get(addr, path);
        assert_eq!(derivative.status, 200, "{path}");
        let image = image::load_from_memory(&derivative.body).unwrap();
        assert_eq!((image.width(), image.height()), (480, 240));
    }
}
