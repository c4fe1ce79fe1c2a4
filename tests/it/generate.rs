use crate::common::{PROFILES, SAMPLES, case, engine, has, profile};
use saksdok::{DocumentKind, Engine};

/// Every sample case with every profile (so each is seen in bokmål and
/// nynorsk): the generated Typst source is snapshotted and parses cleanly.
#[test]
fn generated_source_snapshots() {
    let mut seen = 0;
    for (case_path, _) in SAMPLES {
        for (profile_path, &kind) in PROFILES
            .iter()
            .flat_map(|p| DocumentKind::ALL.iter().map(move |k| (p, k)))
        {
            let c = case(case_path);
            if !has(&c, kind) {
                continue;
            }
            seen += 1;
            let m = profile(profile_path);
            let date = Engine::document_date(&c, kind, None).unwrap();
            let src = engine().source(&c, &m, kind, date).unwrap();
            let parsed = typst::syntax::parse(&src.text);
            assert!(
                parsed.errors_and_warnings().0.is_empty(),
                "{case_path} + {profile_path}: {:?}",
                parsed.errors_and_warnings().0
            );
            let name = format!(
                "{}__{}__{}",
                kind.name(),
                case_path
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches(".yaml"),
                m.malform.code()
            );
            insta::assert_snapshot!(name, src.text);
        }
    }
    // Two velkomstbrev cases, three plans, one evaluation and two
    // følgebrev (the youth's letter), each in bokmål and nynorsk.
    assert_eq!(seen, 16);
}
