//! Typst, embedded as a library, turns a report's data into a PDF.
//!
//! The [`ReportWorld`] sees exactly two files: the template (the main
//! source) and `/data.json`, the report data. Fonts are compiled into the
//! binary; every other file, the network and the clock are out of reach, so
//! the same data always gives the same PDF. JSON strings are data, never
//! markup: a child's name cannot inject template code.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The open fonts embedded in the binary (Inter, SIL Open Font License 1.1,
/// see assets/fonts/LICENSE-Inter.txt).
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../../../../assets/fonts/Inter-Regular.otf"),
    include_bytes!("../../../../assets/fonts/Inter-Italic.otf"),
    include_bytes!("../../../../assets/fonts/Inter-SemiBold.otf"),
    include_bytes!("../../../../assets/fonts/Inter-Bold.otf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Library and fonts are built once per process.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(data.to_vec()))).collect();
        Shared { library: LazyHash::new(Library::default()), book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

/// The id of one of the world's two constant paths.
fn file_id(path: &'static str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a constant, valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one report: a template and its data.
pub struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl ReportWorld {
    pub fn new(template: &str, data_json: String) -> ReportWorld {
        ReportWorld {
            main: Source::new(file_id("/main.typ"), template.to_string()),
            data_id: file_id("/data.json"),
            data: Bytes::new(data_json.into_bytes()),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None // Reports print the dates in their data, never "today".
    }
}

/// Why a report could not be rendered (a template fault: a bug, not user input).
#[derive(Debug, thiserror::Error)]
#[error("the report template failed: {0}")]
pub struct RenderError(pub String);

fn compile(template: &str, data_json: String) -> Result<PagedDocument, RenderError> {
    // Right-to-left names are isolated from the labels around them.
    let data_json = match serde_json::from_str::<serde_json::Value>(&data_json) {
        Ok(mut value) => {
            super::isolate_all(&mut value);
            serde_json::to_string(&value).unwrap_or(data_json)
        }
        Err(_) => data_json,
    };
    let world = ReportWorld::new(template, data_json);
    typst::compile(&world)
        .output
        .map_err(|errors| RenderError(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))
}

/// Renders a template with its data to SVG, one image a page: the preview
/// in the window shows exactly the pages the PDF will have.
pub fn svg_pages(template: &str, data_json: String) -> Result<Vec<String>, RenderError> {
    let document = compile(template, data_json)?;
    let options = typst_svg::SvgOptions::default();
    Ok(document.pages().iter().map(|page| typst_svg::svg(page, &options)).collect())
}

/// Renders a template with its data to PDF bytes.
pub fn pdf(template: &str, data_json: String) -> Result<Vec<u8>, RenderError> {
    let document = compile(template, data_json)?;
    let options = typst_pdf::PdfOptions::default();
    typst_pdf::pdf(&document, &options)
        .map_err(|errors| RenderError(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))
}

/// Drops cached layout work older than a few uses, so that a batch of
/// hundreds of reports keeps its memory bounded.
pub fn evict_cache() {
    typst::comemo::evict(4);
}
