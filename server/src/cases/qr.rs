//! The QR code printed on a decision: the verify URL with the signature, at error
//! correction level M, drawn as SVG or PNG with a four-module quiet zone.

use qrcode::{Color, EcLevel, QrCode, Version};

use crate::Result;

/// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for four).
const QUIET: usize = 4;

/// An encoded symbol.
pub struct Symbol {
    width: usize,
    dark: Vec<bool>,
    /// The QR version (1-40); Anma aims for 6 or less so it prints small and scans on
    /// cheap phones.
    pub version: i16,
}

impl Symbol {
    /// Encodes `text` at level M. The encoder picks the smallest version and splits the
    /// text into segments, so an upper-case URL is carried in alphanumeric mode.
    pub fn encode(text: &str) -> Result<Self> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| anyhow::anyhow!("cannot encode the QR code: {e}"))?;
        let version = match code.version() {
            Version::Normal(v) | Version::Micro(v) => v,
        };
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
            version,
        })
    }

    /// Modules per side, quiet zone included.
    pub fn size(&self) -> usize {
        self.width + 2 * QUIET
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// An SVG that scales to its box (one unit per module), black on white.
    pub fn svg(&self) -> String {
        let size = self.size();
        let mut path = String::with_capacity(self.width * self.width * 4);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    path.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + QUIET,
                        y + QUIET,
                        x - start,
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
             shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
        )
    }

    /// A greyscale PNG with `scale` pixels per module.
    pub fn png(&self, scale: usize) -> Result<Vec<u8>> {
        let side = self.size() * scale;
        let mut pixels = vec![255u8; side * side];
        for y in 0..self.width {
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    for dy in 0..scale {
                        let row = ((y + QUIET) * scale + dy) * side;
                        let from = row + (x + QUIET) * scale;
                        pixels[from..from + scale].fill(0);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let side = u32::try_from(side).map_err(anyhow::Error::from)?;
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(anyhow::Error::from)?;
        writer
            .write_image_data(&pixels)
            .map_err(anyhow::Error::from)?;
        writer.finish().map_err(anyhow::Error::from)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use app::model::{CaseCode, verify_url};

    use super::*;

    #[test]
    fn a_verify_url_fits_version_6_with_a_short_host() {
        let code = CaseCode::parse("440106-2025-00001-I").unwrap();
        for base in ["https://anma.gd.gov.cn", "http://127.0.0.1:3000"] {
            let url = verify_url(base, &code, &[0xA5; 64]);
            let symbol = Symbol::encode(&url).unwrap();
            assert!(symbol.version <= 6, "{base}: version {}", symbol.version);
        }
    }

    #[test]
    fn svg_and_png_are_drawn() {
        let symbol = Symbol::encode("HTTPS://ANMA.EXAMPLE/V/X").unwrap();
        let svg = symbol.svg();
        assert!(svg.starts_with("<svg") && svg.contains("<path d=\"M4 4h7v1h-7z"));
        let png = symbol.png(4).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
