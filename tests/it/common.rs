use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use saksdok::{Case, Engine, Municipality};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One engine for the whole test binary (fonts are parsed once).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// Sample case files with the profile they belong to.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    ),
    (
        "samples/saker/alver-amina.yaml",
        "samples/kommuner/alver.yaml",
    ),
    (
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/alver.yaml",
    ),
];

pub const PROFILES: &[&str] = &["samples/kommuner/asker.yaml", "samples/kommuner/alver.yaml"];

pub fn case(path: &str) -> Case {
    saksdok::case::load_case(&root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn profile(path: &str) -> Municipality {
    saksdok::case::load_profile(&root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// Runs the binary with `args` in the crate root.
pub fn saksdok(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run saksdok")
}

/// Text of a PDF as a reader extracts it.
pub fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).expect("PDF text extracts")
}

/// Removes all whitespace, so comparisons ignore line breaks and spacing.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Files in a folder (none expected after a failure).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A text field of the velkomstbrev's data that hostile text can be put in.
pub struct Field {
    pub name: &'static str,
    pub set: fn(&mut Case, &mut Municipality, String),
}

/// Text fields that are printed verbatim (not upper- or lower-cased).
pub const FIELDS: &[Field] = &[
    Field {
        name: "ungdom.etternavn",
        set: |c, _, v| c.file.ungdom.etternavn.value = v,
    },
    Field {
        name: "verge.navn",
        set: |c, _, v| c.file.verge.as_mut().unwrap().navn.value = v,
    },
    Field {
        name: "ansatte[0].navn",
        set: |c, _, v| c.file.ansatte[0].navn.value = v,
    },
    Field {
        name: "ansatte[1].tittel",
        set: |c, _, v| c.file.ansatte[1].tittel.value = v,
    },
    Field {
        name: "bosetting.bofellesskap.navn",
        set: |c, _, v| c.file.bosetting.as_mut().unwrap().bofellesskap.navn.value = v,
    },
    Field {
        name: "bosetting.bofellesskap.adresse.linje1",
        set: |c, _, v| {
            c.file
                .bosetting
                .as_mut()
                .unwrap()
                .bofellesskap
                .adresse
                .linje1
                .value = v
        },
    },
    Field {
        name: "velkomstbrev.motested",
        set: |c, _, v| c.file.velkomstbrev.as_mut().unwrap().motested.value = v,
    },
    Field {
        name: "velkomstbrev.ankomst",
        set: |c, _, v| c.file.velkomstbrev.as_mut().unwrap().ankomst.value = v,
    },
    Field {
        name: "velkomstbrev.var_ref",
        set: |c, _, v| {
            c.file
                .velkomstbrev
                .as_mut()
                .unwrap()
                .var_ref
                .as_mut()
                .unwrap()
                .value = v
        },
    },
    Field {
        name: "velkomstbrev.forste_uker[0].hva",
        set: |c, _, v| {
            c.file.velkomstbrev.as_mut().unwrap().forste_uker[0]
                .hva
                .value = v
        },
    },
    Field {
        name: "velkomstbrev.ta_med[1]",
        set: |c, _, v| c.file.velkomstbrev.as_mut().unwrap().ta_med[1].value = v,
    },
    Field {
        name: "velkomstbrev.vedlegg[0]",
        set: |c, _, v| c.file.velkomstbrev.as_mut().unwrap().vedlegg[0].value = v,
    },
    Field {
        name: "kommune.telefon",
        set: |_, m, v| m.profile.telefon.value = v,
    },
    Field {
        name: "kommune.taushetsplikt.hjemmel",
        set: |_, m, v| m.profile.taushetsplikt.hjemmel.value = v,
    },
];

/// The bokmål sample with `value` put into `field`.
pub fn sample_with(field: &Field, value: &str) -> (Case, Municipality) {
    let mut c = case("samples/saker/asker-yonas.yaml");
    let mut m = profile("samples/kommuner/asker.yaml");
    (field.set)(&mut c, &mut m, value.to_owned());
    (c, m)
}

/// Removes the page footers (from «Postadresse» to «Side x av y», and the
/// «Dok.-ID …» line, whose hash changes with every input) from squashed
/// text, so a value that moves a page break compares equal.
pub fn strip_footers(squashed: &str) -> String {
    let squashed = strip_document_ids(squashed);
    let mut out = String::new();
    let mut rest = squashed.as_str();
    while let Some(start) = rest.find("Postadresse") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(side) = after.find("Side") else {
            rest = after;
            break;
        };
        let tail = &after[side + 4..];
        let digits = |s: &str| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .map(char::len_utf8)
                .sum::<usize>()
        };
        let n = digits(tail);
        let tail = &tail[n..];
        let tail = tail.strip_prefix("av").unwrap_or(tail);
        let m = digits(tail);
        rest = &tail[m..];
    }
    out.push_str(rest);
    out
}

/// Removes every «Dok.-ID <stem>-<8 hex>» from squashed text.
pub fn strip_document_ids(squashed: &str) -> String {
    const LABEL: &str = "Dok.-ID";
    let mut out = String::new();
    let mut rest = squashed;
    while let Some(start) = rest.find(LABEL) {
        out.push_str(&rest[..start]);
        let after = &rest[start + LABEL.len()..];
        let bytes = after.as_bytes();
        // The hash: the first '-' followed by 8 hex digits and no further '-'.
        let end = (0..bytes.len())
            .find(|&i| {
                bytes[i] == b'-'
                    && bytes.len() >= i + 9
                    && bytes[i + 1..i + 9].iter().all(u8::is_ascii_hexdigit)
                    && bytes.get(i + 9) != Some(&b'-')
            })
            .map_or(after.len(), |i| i + 9);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every file under `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
