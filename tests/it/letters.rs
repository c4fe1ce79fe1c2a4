//! Følgebrev: one letter per party in one run, the «Kopi til» list, the
//! basis for copies, and protected addresses that never leak.

use saksdok::{DocumentKind, OutputFormat};

use crate::common::{engine, files_in, pdf_text, profile, read, refused, saksdok, squash};

/// Renders the følgebrev of `case_yaml` and returns (file name, PDF text).
fn letters(case_yaml: &str, profile_path: &str) -> Vec<(String, String)> {
    let c = saksdok::case::parse_case(case_yaml.as_bytes(), "sak.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = engine()
        .render(
            &c,
            &profile(profile_path),
            DocumentKind::Folgebrev,
            None,
            OutputFormat::Pdf,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    out.files
        .into_iter()
        .map(|f| (f.name, pdf_text(&f.bytes)))
        .collect()
}

fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

#[test]
fn one_letter_per_party_each_with_its_own_address() {
    let all = letters(
        &read("samples/saker/alver-amina.yaml"),
        "samples/kommuner/alver.yaml",
    );
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    // Nynorsk file names and document IDs say «verje».
    assert_eq!(
        names,
        [
            "2026-0211-folgebrev-ungdom.pdf",
            "2026-0211-folgebrev-verje.pdf",
            "2026-0211-folgebrev-kopi-1.pdf"
        ]
    );
    let addresses = [
        ("Amina Rahimi", "Fiktivvegen 77"),
        ("Per Olav Strand", "Fiktivvegen 40"),
        ("Fiktiv vidaregåande skule", "Postboks 90"),
    ];
    for (i, (name, text)) in all.iter().enumerate() {
        // The letter's own address block opens the text (after the letterhead).
        let (who, street) = addresses[i];
        let head: String = text.split("Vår ref.").next().unwrap().to_owned();
        assert!(
            has(&head, who) && has(&head, street),
            "{name}: address block lacks {who}, {street}:\n{head}"
        );
        for (j, (_, other)) in addresses.iter().enumerate() {
            if j != i {
                assert!(
                    !has(text, other),
                    "{name} prints another recipient's address {other}"
                );
            }
        }
        for needle in [
            "Oversending av tiltaksplan",
            "Vi viser til møtet 15. februar 2027 og til vedtak 2026/0211-4 av 8. januar 2027.",
            "14. mai 2027",
            "Ola Lie, telefon 900 00 011",
            "Med helsing",
            "Dykkar ref.",
            "1 Tiltaksplan datert 15.02.2027",
            "Kopi til",
        ] {
            assert!(has(text, needle), "{name} lacks {needle:?}:\n{text}");
        }
    }
}

/// The words that speak to the reader as «du» (bokmål and nynorsk).
fn speaks_as_du(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .collect();
    ["du", "deg", "din", "ditt", "dine"]
        .into_iter()
        .find(|w| words.iter().any(|x| x == w))
}

/// The «Kopi til» list at the end of a letter, one line per entry.
fn copy_list(text: &str) -> Vec<String> {
    let tail = text.rsplit("Kopi til").next().unwrap_or("");
    tail.lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Postadresse"))
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_letter_speaks_to_its_addressee_and_lists_every_other_recipient() {
    // Cases that are not the samples: other names, both målformer.
    for (case, muni, verge_word, copy_mark, basis) in [
        (
            "samples/saker/alver-amina.yaml",
            "samples/kommuner/alver.yaml",
            "verje",
            "KOPI TIL ORIENTERING",
            "samtykke (vår ref. 2026/0211-7)",
        ),
        (
            "samples/saker/alver-amina.yaml",
            "samples/kommuner/asker.yaml",
            "verge",
            "KOPI TIL ORIENTERING",
            "samtykke (vår ref. 2026/0211-7)",
        ),
    ] {
        let c = crate::common::case_with(case, |t| {
            t["ungdom"]["fornavn"] = "Selam".into();
            t["ungdom"]["etternavn"] = "Oppdiktet".into();
            t["verge"]["navn"] = "Kari Vergesen".into();
            t["folgebrev"]["kopi_til"][1]["navn"] = "Fiktiv skole".into();
        });
        let out = engine()
            .render(
                &c,
                &profile(muni),
                DocumentKind::Folgebrev,
                None,
                OutputFormat::Pdf,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<(String, String)> = out
            .files
            .into_iter()
            .map(|f| (f.name, pdf_text(&f.bytes)))
            .collect();
        assert_eq!(texts.len(), 3);
        let recipients = ["Selam Oppdiktet", "Kari Vergesen", "Fiktiv skole"];
        for (i, (name, text)) in texts.iter().enumerate() {
            let list = copy_list(text);
            // Never the addressee; every other recipient.
            assert!(
                !list.iter().any(|l| l.contains(recipients[i])),
                "{name} lists its own addressee under «Kopi til»: {list:?}"
            );
            for (j, other) in recipients.iter().enumerate() {
                if j != i {
                    assert!(
                        list.iter().any(|l| l.contains(other)),
                        "{name} does not list {other}: {list:?}"
                    );
                }
            }
            let body = text
                .split("Vår ref.")
                .nth(1)
                .unwrap_or("")
                .split("Med ")
                .next()
                .unwrap_or("");
            match i {
                0 => {
                    assert!(
                        speaks_as_du(body).is_some(),
                        "{name}: the youth's letter speaks to the youth:\n{body}"
                    );
                    assert!(!has(text, copy_mark), "{name} is marked as a copy");
                }
                _ => {
                    assert_eq!(
                        speaks_as_du(body),
                        None,
                        "{name} speaks as «du» to someone who is not the youth:\n{body}"
                    );
                    assert!(
                        has(body, "Selam Oppdiktet"),
                        "{name} does not name the youth:\n{body}"
                    );
                    assert!(
                        !has(body, "Planen er laga saman med deg"),
                        "{name} reuses the youth's text"
                    );
                }
            }
            if i == 1 {
                assert!(name.ends_with(&format!("-{verge_word}.pdf")), "{name}");
                assert!(
                    !has(text, copy_mark),
                    "{name}: the guardian is a party, not a copy"
                );
            }
            if i == 2 {
                assert!(
                    has(text, copy_mark),
                    "{name} is not marked as a copy:\n{text}"
                );
                assert!(has(body, basis), "{name} does not say its basis:\n{body}");
            }
        }
    }
}

#[test]
fn protected_addresses_are_never_printed() {
    // The guardian's address is protected: their letter goes to the
    // profile's delivery address, and no letter prints the real one.
    let yaml = read("samples/saker/alver-amina.yaml").replacen(
        "    poststed: Hjelmås\n",
        "    poststed: Hjelmås\n  adressebeskyttelse: fortrolig\n",
        1,
    );
    let all = letters(&yaml, "samples/kommuner/alver.yaml");
    assert_eq!(all.len(), 3);
    for (name, text) in &all {
        assert!(
            !has(text, "Fiktivvegen 40") && !has(text, "HJELMÅS"),
            "{name} leaks the protected address"
        );
    }
    let verge = &all[1].1;
    assert!(
        has(verge, "Per Olav Strand")
            && has(verge, "c/o Barnevernstenesta")
            && has(verge, "5906 FREKHAUG"),
        "{verge}"
    );

    // The youth's address protected: the same, also in the welcome letter.
    let yaml = read("samples/saker/alver-amina.yaml").replacen(
        "    poststed: Isdalstø\n\nverge:",
        "    poststed: Isdalstø\n  adressebeskyttelse: strengt_fortrolig\n\nverge:",
        1,
    );
    for (name, text) in letters(&yaml, "samples/kommuner/alver.yaml") {
        assert!(
            !has(&text, "Fiktivvegen 77"),
            "{name} leaks the youth's protected address"
        );
    }
    let c = saksdok::case::parse_case(yaml.as_bytes(), "sak.yaml").unwrap();
    let out = engine()
        .render(
            &c,
            &profile("samples/kommuner/alver.yaml"),
            DocumentKind::Velkomstbrev,
            None,
            OutputFormat::Pdf,
        )
        .unwrap();
    let text = pdf_text(&out.files[0].bytes);
    assert!(
        !has(&text, "Fiktivvegen 77") && has(&text, "c/o Barnevernstenesta"),
        "{text}"
    );
}

#[test]
fn a_protected_address_without_a_delivery_address_is_refused() {
    let yaml = read("samples/saker/alver-amina.yaml").replacen(
        "    poststed: Hjelmås\n",
        "    poststed: Hjelmås\n  adressebeskyttelse: fortrolig\n",
        1,
    );
    let delivery = "adresse_ved_adressebeskyttelse:\n  linje1: c/o Barnevernstenesta\n  linje2: Postboks 4\n  postnr: \"5906\"\n  poststed: Frekhaug\n";
    let profile_text = read("samples/kommuner/alver.yaml");
    assert!(profile_text.contains(delivery));
    let err = refused(&yaml, &profile_text.replace(delivery, ""), "folgebrev", &[]);
    assert!(
        err.contains("adresse_ved_adressebeskyttelse") && err.contains("kommune.yaml"),
        "{err}"
    );
}

/// A copy to someone outside the parties without a recorded basis is a
/// located error, and nothing is written (not even the other letters).
#[test]
fn copy_recipient_without_basis_is_a_located_error() {
    for (from, to, expected) in [
        (
            "      grunnlag: samtykke\n      samtykke_ref: 2026/0211-7\n",
            "",
            "needs a recorded basis",
        ),
        ("      samtykke_ref: 2026/0211-7\n", "", "samtykke_ref"),
        (
            "      grunnlag: samtykke\n      samtykke_ref: 2026/0211-7\n",
            "      grunnlag: lov\n",
            "hjemmel",
        ),
        (
            "      grunnlag: samtykke\n      samtykke_ref: 2026/0211-7\n",
            "      grunnlag: part\n",
            "not a party",
        ),
        (
            "{ person: verge, grunnlag: part }",
            "{ person: rektor, grunnlag: part }",
            "`rektor` is not a party",
        ),
    ] {
        let yaml = read("samples/saker/alver-amina.yaml");
        assert!(yaml.contains(from), "{from}");
        let stderr = refused(
            &yaml.replacen(from, to, 1),
            &read("samples/kommuner/alver.yaml"),
            "folgebrev",
            &[],
        );
        assert!(
            stderr.contains("sak.yaml:")
                && (stderr.contains("folgebrev.kopi_til[1]")
                    || stderr.contains("folgebrev.kopi_til[0]")),
            "{stderr}"
        );
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
}

#[test]
fn the_sample_letters_render_in_one_run_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        "samples/saker/alver-amina.yaml",
        "--doc",
        "folgebrev",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        files_in(dir.path()),
        [
            "2026-0211-folgebrev-kopi-1.pdf",
            "2026-0211-folgebrev-ungdom.pdf",
            "2026-0211-folgebrev-verje.pdf"
        ]
    );
}

/// `--med-vedlegg`: each letter's PDF carries the enclosed plan after the
/// letter; the letter and the plan number their pages separately.
#[test]
fn enclosed_plan_goes_into_the_same_pdf_after_each_letter() {
    let c = saksdok::case::parse_case(
        read("samples/saker/alver-amina.yaml").as_bytes(),
        "sak.yaml",
    )
    .unwrap();
    let m = profile("samples/kommuner/alver.yaml");
    let plain = engine()
        .render(&c, &m, DocumentKind::Folgebrev, None, OutputFormat::Pdf)
        .unwrap();
    let plan = engine()
        .render(&c, &m, DocumentKind::Tiltaksplan, None, OutputFormat::Pdf)
        .unwrap();
    let req = saksdok::Request {
        with_enclosures: true,
        ..saksdok::Request::new(DocumentKind::Folgebrev)
    };
    let with = engine()
        .render_request(&c, &m, &req, OutputFormat::Pdf)
        .unwrap();
    assert_eq!(with.files.len(), 3);
    // The parties get the whole plan; the school (kopi-1) only what its
    // consent covers (see `a_copy_outside_the_case_gets_only_what_its_basis_covers`).
    for (letter, plain_letter) in with.files.iter().zip(&plain.files).take(2) {
        assert_eq!(letter.name, plain_letter.name);
        assert_eq!(
            letter.pages,
            plain_letter.pages + plan.pages,
            "{}",
            letter.name
        );
        let text = squash(&pdf_text(&letter.bytes));
        let subject = text.find(&squash("Oversending av tiltaksplan")).unwrap();
        let enclosed = text
            .find(&squash("Deltakarar i arbeidet med planen"))
            .unwrap();
        assert!(subject < enclosed, "the plan comes after the letter");
        assert!(
            text.contains(&squash("Side 1 av 1")),
            "the letter counts its own page"
        );
        assert!(
            text.contains(&squash("Side 2 av 2")),
            "the plan counts its own pages"
        );
        assert!(text.contains(&squash("Godkjend av leiar")));
    }
    // The PDF's title is the letter's.
    let raw = String::from_utf8_lossy(&with.files[0].bytes).into_owned();
    assert!(raw.contains("Oversending av tiltaksplan"));
}

#[test]
fn an_enclosure_missing_from_the_case_is_a_located_error() {
    let yaml = read("samples/saker/alver-amina.yaml")
        .replacen("dokument: tiltaksplan", "dokument: evaluering", 1)
        .replacen(
            "omfang: { tiltaksplan: [maal, tiltak] }",
            "omfang: { evaluering: [maal] }",
            1,
        );
    let start = yaml.find("\nevaluering:").unwrap();
    let end = yaml.find("\nfolgebrev:").unwrap();
    let yaml = format!("{}{}", &yaml[..start], &yaml[end..]);
    let c = saksdok::case::parse_case(yaml.as_bytes(), "sak.yaml").unwrap();
    let req = saksdok::Request {
        with_enclosures: true,
        ..saksdok::Request::new(DocumentKind::Folgebrev)
    };
    let err = engine()
        .render_request(
            &c,
            &profile("samples/kommuner/alver.yaml"),
            &req,
            OutputFormat::Pdf,
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("folgebrev.vedlegg[0].dokument") && err.contains("sak.yaml:"),
        "{err}"
    );
}

#[test]
fn the_welcome_letter_says_de_for_several_and_den_for_one() {
    for (ids, nb, nn) in [
        (
            vec!["sm", "hf"],
            "De som tar imot deg, er",
            "Dei som tek imot deg, er",
        ),
        (
            vec!["sm"],
            "Den som tar imot deg, er",
            "Den som tek imot deg, er",
        ),
    ] {
        let c = crate::common::case_with("samples/saker/asker-yonas.yaml", |t| {
            t["velkomstbrev"]["mottas_av"] = ids.clone().into();
        });
        for (muni, want) in [
            ("samples/kommuner/asker.yaml", nb),
            ("samples/kommuner/alver.yaml", nn),
        ] {
            let out = engine()
                .render(
                    &c,
                    &profile(muni),
                    DocumentKind::Velkomstbrev,
                    None,
                    OutputFormat::Pdf,
                )
                .unwrap();
            let text = pdf_text(&out.files[0].bytes);
            assert!(has(&text, want), "{ids:?} {muni}: lacks {want:?}:\n{text}");
        }
    }
}

/// The parts of the plan the sample school's consent does not cover.
fn uncovered(tree: &serde_json::Value) -> Vec<String> {
    vec![
        tree["tiltaksplan"]["bakgrunn"].as_str().unwrap().to_owned(),
        tree["tiltaksplan"]["viktig_for_meg"]
            .as_str()
            .unwrap()
            .to_owned(),
        tree["tiltaksplan"]["tiltak"][0]["tekst"]
            .as_str()
            .unwrap()
            .to_owned(),
        tree["tiltaksplan"]["andre_tjenester"][1]["tiltak"]
            .as_str()
            .unwrap()
            .to_owned(),
    ]
}

#[test]
fn a_copy_outside_the_case_gets_only_what_its_basis_covers() {
    for (muni, title, listed, says) in [
        (
            "samples/kommuner/asker.yaml",
            "Tiltaksplan – utdrag",
            "Tiltaksplan datert 15.02.2027, utdrag: mål og evaluering",
            "Kopien er et utdrag med bare de delene som grunnlaget for kopien omfatter",
        ),
        (
            "samples/kommuner/alver.yaml",
            "Tiltaksplan – utdrag",
            "Tiltaksplan datert 15.02.2027, utdrag: mål og evaluering",
            "Kopien er eit utdrag med berre dei delane som grunnlaget for kopien omfattar",
        ),
    ] {
        // Not the sample: another youth and school, a consent for the
        // goals and the evaluation dates only.
        let mut tree = crate::common::tree_of("samples/saker/alver-amina.yaml");
        tree["ungdom"]["fornavn"] = "Selam".into();
        tree["folgebrev"]["kopi_til"][1]["navn"] = "Fiktiv skole".into();
        tree["folgebrev"]["kopi_til"][1]["omfang"] =
            serde_json::json!({ "tiltaksplan": ["evaluering", "maal"] });
        let hidden = uncovered(&tree);
        let goal = tree["tiltaksplan"]["maal"][0]["tekst"]
            .as_str()
            .unwrap()
            .to_owned();
        let c = saksdok::case::parse_case(tree.to_string().as_bytes(), "sak.yaml").unwrap();
        let req = saksdok::Request {
            with_enclosures: true,
            ..saksdok::Request::new(DocumentKind::Folgebrev)
        };
        let out = engine()
            .render_request(&c, &profile(muni), &req, OutputFormat::Pdf)
            .unwrap_or_else(|e| panic!("{e}"));
        let text = |role: &str| {
            let f = out
                .files
                .iter()
                .find(|f| f.name.ends_with(&format!("-{role}.pdf")))
                .unwrap();
            pdf_text(&f.bytes)
        };
        let school = text("kopi-1");
        for want in [title, listed, says, "Fiktiv skole", goal.as_str()] {
            assert!(has(&school, want), "{muni}: {want:?} in {school}");
        }
        for secret in &hidden {
            assert!(
                !has(&school, secret),
                "{muni}: {secret:?} reached the school"
            );
        }
        assert!(!has(&school, "Underskrifter"), "an excerpt is not signed");
        // The youth gets the whole plan, and no word of an excerpt.
        let youth = text("ungdom");
        for part in &hidden {
            assert!(has(&youth, part), "{muni}: {part:?} missing for the youth");
        }
        assert!(!has(&youth, "utdrag"), "{youth}");

        // `alt`: the whole plan, not an excerpt.
        tree["folgebrev"]["kopi_til"][1]["omfang"] = serde_json::json!({ "tiltaksplan": ["alt"] });
        let c = saksdok::case::parse_case(tree.to_string().as_bytes(), "sak.yaml").unwrap();
        let out = engine()
            .render_request(&c, &profile(muni), &req, OutputFormat::Pdf)
            .unwrap();
        let school = pdf_text(&out.files[2].bytes);
        assert!(
            has(&school, &hidden[0]) && !has(&school, "utdrag"),
            "{school}"
        );
    }
}

#[test]
fn a_copy_basis_that_does_not_cover_an_enclosure_is_a_located_error() {
    let omfang = "      omfang: { tiltaksplan: [maal, tiltak] }";
    let yaml = read("samples/saker/alver-amina.yaml");
    let line = yaml
        .lines()
        .find(|l| l.starts_with(omfang))
        .unwrap()
        .to_owned();
    for (edited, field, expected) in [
        // No scope at all.
        (
            yaml.replacen(&format!("{line}\n"), "", 1),
            "folgebrev.kopi_til[1].omfang",
            "the consent (grunnlag: samtykke) does not say which parts of the enclosed tiltaksplan it covers",
        ),
        // The letter also encloses the evaluation, which the consent does
        // not cover.
        (
            yaml.replacen(
                "    - { tittel: Tiltaksplan, dato: 2027-02-15, dokument: tiltaksplan }\n",
                "    - { tittel: Tiltaksplan, dato: 2027-02-15, dokument: tiltaksplan }\n    - { tittel: Evaluering, dato: 2027-05-14, dokument: evaluering }\n",
                1,
            ),
            "folgebrev.vedlegg[1].dokument",
            "the consent (grunnlag: samtykke) for folgebrev.kopi_til[1] does not cover the enclosed evaluering",
        ),
        // A part the plan does not have.
        (
            yaml.replacen(&line, "      omfang: { tiltaksplan: [maal, bakgrun] }", 1),
            "folgebrev.kopi_til[1].omfang.tiltaksplan[1]",
            "`bakgrun` is not a part of the tiltaksplan",
        ),
        // A party gets the whole document.
        (
            yaml.replacen(
                "{ person: verge, grunnlag: part }",
                "{ person: verge, grunnlag: part, omfang: { tiltaksplan: [maal] } }",
                1,
            ),
            "folgebrev.kopi_til[0].omfang",
            "a party gets the whole document",
        ),
    ] {
        assert_ne!(edited, yaml);
        let stderr = refused(
            &edited,
            &read("samples/kommuner/alver.yaml"),
            "folgebrev",
            &[],
        );
        assert!(
            stderr.contains("sak.yaml:") && stderr.contains(field) && stderr.contains(expected),
            "{field}: {expected}: {stderr}"
        );
    }
}
