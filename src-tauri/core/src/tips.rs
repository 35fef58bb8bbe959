//! The tip library: practical tips for the teacher (and for home), per
//! programme, shipped as TOML in `assets/tips/`. A file names the programmes
//! its tips belong to (none: every programme). The trainer selects tips per
//! child; selecting copies the text into a [`crate::model::Tip`] record, so a
//! later change of the library never alters a report already written.

use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Audience;

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/tips");

/// One tip of the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LibraryTip {
    /// Stable id, unique in the library; kept as the selected tip's `source`.
    pub id: String,
    pub title: String,
    pub text: String,
    /// `school` (for the teacher) or `parents` (for home).
    pub audience: Audience,
    /// The programme tool the tip is about, if any.
    pub tool: Option<String>,
    /// The programmes the tip belongs to; empty for every programme.
    pub programmes: Vec<String>,
}

impl LibraryTip {
    /// Whether the tip belongs to a programme.
    pub fn fits(&self, programme_id: &str) -> bool {
        self.programmes.is_empty() || self.programmes.iter().any(|p| p == programme_id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TipFile {
    schema: u32,
    programmes: Vec<String>,
    tips: Vec<RawTip>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTip {
    id: String,
    title: String,
    text: String,
    #[serde(default = "for_school")]
    audience: Audience,
    tool: Option<String>,
}

fn for_school() -> Audience {
    Audience::School
}

/// Parses one library file; the message names the file and, where TOML
/// knows it, the line.
pub fn parse(file: &str, src: &str) -> Result<Vec<LibraryTip>, String> {
    let parsed: TipFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| src[..s.start].matches('\n').count() + 1);
        match line {
            Some(line) => format!("{file}, regel {line}: {}", e.message()),
            None => format!("{file}: {}", e.message()),
        }
    })?;
    if parsed.schema != 1 {
        return Err(format!("{file}: schema {} wordt niet ondersteund (verwacht 1)", parsed.schema));
    }
    let mut tips = Vec::with_capacity(parsed.tips.len());
    for raw in parsed.tips {
        let problem = if raw.id.trim().is_empty() || raw.title.trim().is_empty() || raw.text.trim().is_empty() {
            Some("id, title en text mogen niet leeg zijn")
        } else if raw.audience == Audience::Trainers {
            Some("een tip is voor de school of de ouders, niet alleen voor trainers")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(format!("{file}, tip \"{}\": {problem}", raw.id));
        }
        tips.push(LibraryTip {
            id: raw.id,
            title: raw.title,
            text: raw.text,
            audience: raw.audience,
            tool: raw.tool,
            programmes: parsed.programmes.clone(),
        });
    }
    Ok(tips)
}

/// Parses every built-in file, refusing duplicate ids across files.
fn parse_builtin() -> Result<Vec<LibraryTip>, String> {
    let mut files: Vec<_> = BUILTIN.files().filter(|f| f.path().extension().is_some_and(|e| e == "toml")).collect();
    files.sort_by_key(|f| f.path());
    let mut all: Vec<LibraryTip> = Vec::new();
    for file in files {
        let name = file.path().display().to_string();
        let src = file.contents_utf8().ok_or_else(|| format!("{name}: geen UTF-8"))?;
        for tip in parse(&name, src)? {
            if all.iter().any(|t| t.id == tip.id) {
                return Err(format!("{name}: tip-id \"{}\" komt twee keer voor", tip.id));
            }
            all.push(tip);
        }
    }
    Ok(all)
}

/// The built-in library (checked by the tests, so a broken file never ships).
pub fn library() -> &'static [LibraryTip] {
    static LIBRARY: OnceLock<Vec<LibraryTip>> = OnceLock::new();
    LIBRARY.get_or_init(|| parse_builtin().expect("the built-in tip library is valid (tested)"))
}

/// A tip of the library by id.
pub fn find(id: &str) -> Option<&'static LibraryTip> {
    library().iter().find(|t| t.id == id)
}

/// The tips for a programme: its own first, then the general ones.
pub fn for_programme(programme_id: &str) -> Vec<LibraryTip> {
    let (own, general): (Vec<_>, Vec<_>) =
        library().iter().filter(|t| t.fits(programme_id)).cloned().partition(|t| !t.programmes.is_empty());
    own.into_iter().chain(general).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_library_is_valid_and_refers_to_real_programmes_and_tools() {
        let tips = parse_builtin().expect("valid library");
        assert!(tips.len() >= 15, "a useful library, not a sample: {}", tips.len());
        let programmes = crate::curriculum::builtin().expect("built-in curricula");
        for tip in &tips {
            for p in &tip.programmes {
                let programme = programmes.iter().find(|q| &q.id == p);
                assert!(programme.is_some(), "tip {} names unknown programme {p}", tip.id);
                if let (Some(tool), Some(programme)) = (&tip.tool, programme) {
                    assert!(programme.tools.iter().any(|t| &t.id == tool), "tip {} names unknown tool {tool}", tip.id);
                }
            }
            assert!(tip.tool.is_none() || !tip.programmes.is_empty(), "a general tip cannot name a tool");
        }
        // Every built-in programme has tips of its own, and the named tools are there.
        for programme in &programmes {
            assert!(tips.iter().any(|t| t.programmes.contains(&programme.id)), "{} has no tips", programme.id);
        }
        for tool in ["complimenten", "tot-tien-tellen", "petten", "woedethermometer", "gggg"] {
            assert!(tips.iter().any(|t| t.tool.as_deref() == Some(tool)), "no tip about {tool}");
        }
    }

    #[test]
    fn a_programme_gets_its_own_tips_first_then_the_general_ones() {
        let tips = for_programme("stop-4-7");
        assert!(tips[0].programmes == ["stop-4-7"]);
        assert!(tips.iter().any(|t| t.programmes.is_empty()));
        assert!(!tips.iter().any(|t| t.programmes.contains(&"alles-kidzzz".to_string())));
        // A programme a user defined gets the general tips.
        assert!(for_programme("eigen-programma").iter().all(|t| t.programmes.is_empty()));
    }

    #[test]
    fn broken_files_are_refused_with_file_and_line() {
        let err = parse(
            "x.toml",
            "schema = 1\nprogrammes = []\n[[tips]]\nid = \"a\"\ntitle = \"A\"\ntext = \"t\"\ncolour = 1\n",
        )
        .expect_err("unknown field");
        assert!(err.starts_with("x.toml, regel 7"), "{err}");
        let err = parse("x.toml", "schema = 1\nprogrammes = []\n[[tips]]\nid = \"a\"\ntitle = \"A\"\ntext = \" \"\n")
            .expect_err("empty text");
        assert!(err.contains("niet leeg"), "{err}");
        let err = parse(
            "x.toml",
            "schema = 1\nprogrammes = []\n[[tips]]\nid = \"a\"\ntitle = \"A\"\ntext = \"t\"\naudience = \"trainers\"\n",
        )
        .expect_err("trainers-only tip");
        assert!(err.contains("niet alleen voor trainers"), "{err}");
    }
}
