//! Zola's resize operations, as sizes first (known before any pixel is decoded, so a
//! template gets its answer at once) and then as pixels.

use image::imageops::FilterType;
use image::DynamicImage;

/// How a derivative is cut from its image, by Zola's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Exactly `width` × `height`, the proportions not kept.
    Scale,
    /// `width` wide, as high as the proportions make it.
    FitWidth,
    /// `height` high, as wide as the proportions make it.
    FitHeight,
    /// Inside `width` × `height`, proportions kept; never enlarged.
    Fit,
    /// Covers `width` × `height`, proportions kept, the overflow cut off around the centre.
    Fill,
}

impl Op {
    pub fn parse(name: &str) -> Result<Op, String> {
        Ok(match name {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            _ => {
                return Err(format!(
                    "unknown op `{name}`: use scale, fit_width, fit_height, fit or fill"
                ))
            }
        })
    }

    /// The size of the derivative of a `from` image, or what the op lacks.
    pub fn size(
        self,
        from: (u32, u32),
        width: Option<u32>,
        height: Option<u32>,
    ) -> Result<(u32, u32), String> {
        let (ow, oh) = (f64::from(from.0), f64::from(from.1));
        let both = || match (width, height) {
            (Some(w), Some(h)) => Ok((w, h)),
            _ => Err("this op needs both `width` and `height`".to_string()),
        };
        let round = |x: f64| (x.round() as u32).max(1);
        let size = match self {
            Op::Scale | Op::Fill => both()?,
            Op::FitWidth => {
                let w = width.ok_or("fit_width needs `width`")?;
                (w, round(oh * f64::from(w) / ow))
            }
            Op::FitHeight => {
                let h = height.ok_or("fit_height needs `height`")?;
                (round(ow * f64::from(h) / oh), h)
            }
            Op::Fit => {
                let (w, h) = both()?;
                if from.0 <= w && from.1 <= h {
                    from
                } else {
                    let ratio = (f64::from(w) / ow).min(f64::from(h) / oh);
                    (round(ow * ratio), round(oh * ratio))
                }
            }
        };
        match size {
            (0, _) | (_, 0) => Err("`width` and `height` must be above 0".to_string()),
            size => Ok(size),
        }
    }

    /// The derivative's pixels, `size` as `Op::size` gave it.
    pub fn apply(self, image: &DynamicImage, size: (u32, u32)) -> DynamicImage {
        let (w, h) = size;
        match self {
            Op::Fill => image.resize_to_fill(w, h, FilterType::Lanczos3),
            _ if (image.width(), image.height()) == size => image.clone(),
            _ => image.resize_exact(w, h, FilterType::Lanczos3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_zolas_ops() {
        let from = (1200, 800);
        assert_eq!(Op::Scale.size(from, Some(100), Some(100)), Ok((100, 100)));
        assert_eq!(Op::FitWidth.size(from, Some(600), None), Ok((600, 400)));
        assert_eq!(Op::FitHeight.size(from, None, Some(200)), Ok((300, 200)));
        assert_eq!(Op::Fit.size(from, Some(300), Some(300)), Ok((300, 200)));
        assert_eq!(Op::Fit.size(from, Some(3000), Some(3000)), Ok((1200, 800)));
        assert_eq!(Op::Fill.size(from, Some(300), Some(300)), Ok((300, 300)));
        assert!(Op::Fill.size(from, Some(300), None).is_err());
    }
}
