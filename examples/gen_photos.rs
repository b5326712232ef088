//! Photos for the image-derivative benchmark (`scripts/bench.py --images`): `count` JPEGs
//! of 2000 × 1333 px, each with its own bytes, made of gradients and noise so that they
//! weigh about as much as a camera's photo (some 950 kB at quality 85). Not a test.
//!
//!     cargo run --release --example gen_photos -- /tmp/photos 40
//!
//! Writes `<dir>/photo-<i>.jpg`; the same arguments give the same files.

use std::path::PathBuf;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

const WIDTH: u32 = 2000;
const HEIGHT: u32 = 1333;

/// A small deterministic generator (xorshift64*): the noise differs per photo and per run
/// of the same photo it is the same.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
    }
}

fn photo(seed: u64) -> RgbImage {
    let mut noise = Noise(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let grain = i32::from(noise.next() % 48) - 24;
        let band = |v: u32, scale: u32| ((v * 255 / scale) as i32 + grain).clamp(0, 255) as u8;
        Rgb([
            band(x, WIDTH),
            band(y, HEIGHT),
            band(
                (x + y + seed as u32 * 97) % (WIDTH + HEIGHT),
                WIDTH + HEIGHT,
            ),
        ])
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        return Err("usage: gen_photos <dir> <count>".into());
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    for i in 0..count.parse::<u64>()? {
        let file = std::fs::File::create(dir.join(format!("photo-{i}.jpg")))?;
        let mut out = std::io::BufWriter::new(file);
        photo(i + 1).write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))?;
    }
    Ok(())
}
