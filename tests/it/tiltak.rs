//! The measures routine's documents (seed 002) beyond the plan: the
//! transition meeting's invitation and minutes.

use saksdok::{DocumentKind, OutputFormat, Request};

use crate::common::{pdf_text, read, refused, squash};

const YONAS: &str = "samples/saker/asker-yonas.yaml";
const AMINA: &str = "samples/saker/alver-amina.yaml";
const ASKER: &str = "samples/kommuner/asker.yaml";
const ALVER: &str = "samples/kommuner/alver.yaml";

/// Every document of `kind`: (file name, text).
fn documents(case_yaml: &str, profile_yaml: &str, kind: DocumentKind) -> Vec<(String, String)> {
    let c = saksdok::case::parse_case(case_yaml.as_bytes(), "sak.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = saksdok::case::parse_profile(profile_yaml.as_bytes(), "kommune.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = crate::common::engine()
        .render_request(&c, &m, &Request::new(kind), OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    out.files
        .iter()
        .map(|f| (f.name.clone(), pdf_text(&f.bytes)))
        .collect()
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(squash(text).contains(&squash(n)), "{n:?} missing:\n{text}");
    }
}

#[test]
fn the_invitation_goes_to_the_youth_and_the_guardian_each_in_their_own_words() {
    let docs = documents(
        &read(YONAS),
        &read(ASKER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2025-1432-overgangsmote-innkalling-ungdom.pdf",
            "2025-1432-overgangsmote-innkalling-verge.pdf"
        ]
    );
    let (youth, guardian) = (&docs[0].1, &docs[1].1);
    for text in [youth, guardian] {
        assert_has(
            text,
            &[
                "Innkalling til overgangsmøte",
                "Saksbehandler Anne Kvam",
                "Tid: mandag 16. november 2026 kl. 10.00–11.30",
                "Sted: Barnevernstjenesten, møterom 2, Fiktivveien 1, Asker",
                "Invitert: Yonas Tesfamariam, Ingrid Haugland, Anne Kvam, Henrik Fjell, Sigrid Mjøs",
                "Dette skal vi snakke om",
                "1. Vi presenterer den nye saksbehandleren og hvem som har ansvar for hva videre.",
                "3. Vi forteller hvordan prosessen videre blir: hva som skal endre seg, hvilke tiltak som kan være aktuelle, og hvordan vi holder kontakten.",
                // Signed by the intake caseworker, who invites.
                "Med hilsen Anne Kvam saksbehandler mottak og undersøkelse",
            ],
        );
        // Each is an invitation of its own, not a copy.
        assert!(!squash(text).contains("Kopitil"), "{text}");
    }
    assert_has(
        youth,
        &[
            "Saken din skal nå følges opp av en ny saksbehandler, Henrik Fjell, som skal arbeide med tiltak sammen med deg.",
            "2. Vi går gjennom undersøkelsesrapporten sammen med deg.",
            "Du kan gjerne ta med deg noen du stoler på.",
        ],
    );
    assert_has(
        guardian,
        &[
            "Ingrid Haugland Fiktivveien 40",
            "Vi inviterer deg som verge for Yonas Tesfamariam til et overgangsmøte.",
            "2. Vi går gjennom undersøkelsesrapporten sammen med Yonas.",
        ],
    );
    assert!(!squash(guardian).contains("Saken din"), "{guardian}");

    let nn = documents(
        &read(AMINA),
        &read(ALVER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    assert_eq!(nn[1].0, "2026-0211-overgangsmote-innkalling-verje.pdf");
    assert_has(
        &nn[0].1,
        &[
            "Saka di skal no følgjast opp av ein ny sakshandsamar, Ola Lie",
            "Stad: Barnevernstenesta, møterom Holsnøy",
            "Inviterte: Amina Rahimi, Per Olav Strand, Marit Hauge, Ola Lie, Tolk (dari)",
            "2. Vi går gjennom undersøkingsrapporten saman med deg.",
            // Amina needs an interpreter (her language says so).
            "Vi bestiller tolk til møtet.",
        ],
    );
    assert_has(&nn[1].1, &["Vi inviterer deg som verje for Amina Rahimi"]);
}

#[test]
fn the_minutes_say_what_was_said_per_point_and_what_was_agreed() {
    let nb = documents(
        &read(YONAS),
        &read(ASKER),
        DocumentKind::OvergangsmoteReferat,
    )
    .remove(0);
    assert_eq!(nb.0, "2025-1432-overgangsmote-referat.pdf");
    assert_has(
        &nb.1,
        &[
            "Referat fra overgangsmøte",
            "Møteleder Anne Kvam, saksbehandler mottak og undersøkelse",
            "Referent Henrik Fjell, saksbehandler",
            "Referatet er skrevet 17. november 2026",
            "Sigrid Mjøs (særkontakt) – meldte forfall",
            "a) Ny saksbehandler, roller og ansvar videre",
            "Henrik Fjell er saksbehandler for Yonas fra nå av",
            "b) Gjennomgang av undersøkelsesrapporten",
            "c) Prosessen videre: endringsmål, tiltaksform og videre kontakt",
            "Dette ble avtalt",
            "Lage tiltaksplan sammen med Yonas Henrik Fjell 23.11.2026",
            // The guardian by name.
            "Gi skolen beskjed om ny saksbehandler Ingrid Haugland 30.11.2026",
        ],
    );
    assert!(!squash(&nb.1).contains("Ingrid Haugland (verge) – meldte"));
    let nn = documents(
        &read(AMINA),
        &read(ALVER),
        DocumentKind::OvergangsmoteReferat,
    )
    .remove(0);
    assert_has(
        &nn.1,
        &[
            "Referat frå overgangsmøte",
            "Møteleiar Marit Hauge",
            "Deltakarar",
            "Tolk (dari)",
            "b) Gjennomgang av undersøkingsrapporten",
            "Dette vart avtalt",
            "Sende skulerapporten til sakshandsamaren Per Olav Strand 01.02.2027",
        ],
    );
}

/// Yonas's case with `from` replaced by `to` (the text must be there).
fn yonas_with(from: &str, to: &str) -> String {
    let yaml = read(YONAS);
    assert!(yaml.contains(from), "{from:?} is not in the sample");
    yaml.replacen(from, to, 1)
}

#[test]
fn bad_meeting_data_is_refused_at_its_field_and_line() {
    for (case, doc, field, what) in [
        (
            yonas_with("  motedato: 2026-11-16\n", "  motedato: 2026-10-30\n"),
            "overgangsmote-innkalling",
            "overgangsmote.motedato",
            "before the invitation",
        ),
        (
            yonas_with("  ny_saksbehandler: hf\n", "  ny_saksbehandler: ak\n"),
            "overgangsmote-innkalling",
            "overgangsmote.ny_saksbehandler",
            "the same person",
        ),
        (
            yonas_with("  innkalt_av: ak\n", "  innkalt_av: ax\n"),
            "overgangsmote-innkalling",
            "overgangsmote.innkalt_av",
            "not a member of staff",
        ),
        (
            yonas_with(
                "  deltakere: [ungdom, verge, ak, hf, sm]\n",
                "  deltakere: [verge, ak, hf, sm]\n",
            ),
            "overgangsmote-innkalling",
            "overgangsmote.deltakere",
            "the youth is not among the participants",
        ),
        (
            yonas_with(
                "    dato: 2026-11-17\n    forfall",
                "    dato: 2026-11-15\n    forfall",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.dato",
            "before the meeting",
        ),
        (
            yonas_with("    forfall: [sm]\n", "    forfall: [tb]\n"),
            "overgangsmote-referat",
            "overgangsmote.referat.forfall[0]",
            "not invited",
        ),
        (
            yonas_with(
                "ansvarlig: hf, frist: 2026-11-23 }",
                "ansvarlig: hf, frist: 2026-11-01 }",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.avtalt[0].frist",
            "due before it",
        ),
        (
            yonas_with(
                "Lage tiltaksplan sammen med Yonas, ansvarlig: hf,",
                "Lage tiltaksplan sammen med Yonas,",
            ),
            "overgangsmote-referat",
            "overgangsmote.referat.avtalt[0]",
            "needs someone responsible",
        ),
        (
            yonas_with("      prosess: >-\n", "      prosessen: >-\n"),
            "overgangsmote-referat",
            "prosessen",
            "unknown field",
        ),
    ] {
        let err = refused(&case, &read(ASKER), doc, &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
}

#[test]
fn minutes_asked_for_before_the_meeting_is_held_are_refused() {
    let yaml = read(YONAS);
    let from = yaml.find("  referat:\n    dato: 2026-11-17").unwrap();
    let to = yaml[from..].find("\ntiltaksplan:").unwrap() + from;
    let without = format!("{}{}", &yaml[..from], &yaml[to..]);
    // No line to point at: the section is not there; the file and field are named.
    let run = crate::common::render_in_tmp(&without, &read(ASKER), "overgangsmote-referat", &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.files.is_empty());
    assert!(
        run.stderr.contains("sak.yaml")
            && run
                .stderr
                .contains("missing required section `overgangsmote.referat`"),
        "{}",
        run.stderr
    );
    // The invitation can still be made.
    let docs = documents(
        &without,
        &read(ASKER),
        DocumentKind::OvergangsmoteInnkalling,
    );
    assert_eq!(docs.len(), 2);
}

const DAWIT: &str = "samples/saker/alver-dawit.yaml";

#[test]
fn a_referral_goes_to_the_service_with_its_question_background_and_basis() {
    let docs = documents(&read(YONAS), &read(ASKER), DocumentKind::Tilvisning);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].0, "2025-1432-tilvisning-ppt.pdf");
    assert_has(
        &docs[0].1,
        &[
            // The profile's service and its address in the address block.
            "PPT Asker Postboks 353 1372 ASKER",
            "Tilvisning – Yonas Tesfamariam",
            "Vi viser med dette Yonas Tesfamariam, født 15. juni 2009, til dere.",
            "Spørsmålet til dere",
            "Vi ber PPT vurdere om Yonas trenger spesialundervisning",
            "Bakgrunn",
            "Yonas ønsker selv hjelp",
            // The consent form of the case, signed, with its journal reference.
            "Yonas har samtykket til at vi deler opplysningene i dette brevet med dere (samtykket er underskrevet 27. november 2026, vår ref. 2025/1432-42).",
            "Opplysningene er omfattet av taushetsplikt.",
            "Kontaktperson hos oss er Henrik Fjell, saksbehandler, telefon 900 00 001.",
            "Vedlegg 1 Kartlegging fra skolen datert 10.11.2026",
        ],
    );
    let nn = documents(&read(DAWIT), &read(ALVER), DocumentKind::Tilvisning).remove(0);
    assert_eq!(nn.0, "2024-0877-tilvisning-kommunepsykolog.pdf");
    assert_has(
        &nn.1,
        &[
            "Kommunepsykologen i Alver",
            "Tilvising – Dawit Haile",
            "fødd 10. mars 2008, til dykk.",
            "Spørsmålet til dykk",
            // A journalled consent, taken as written.
            "Dawit har samtykt til at vi deler opplysningane i dette brevet med dykk (vår ref. 2024/0877-23).",
            "Opplysningane er omfatta av teieplikt.",
            // The contact person named, not the caseworker.
            "Kontaktperson hos oss er Eirik Instefjord, særkontakt ettervern",
        ],
    );
    // A legal basis instead of consent.
    let law = read(DAWIT).replace(
        "      grunnlag: samtykke\n      samtykke_ref: 2024/0877-23\n",
        "      grunnlag: lov\n      hjemmel: barnevernslova § 13-4\n",
    );
    let text = documents(&law, &read(ALVER), DocumentKind::Tilvisning)
        .remove(0)
        .1;
    assert_has(
        &text,
        &["Opplysningane blir delte med heimel i barnevernslova § 13-4."],
    );
}

#[test]
fn bad_referral_data_is_refused_at_its_field_and_line() {
    for (case, field, what) in [
        (
            yonas_with("    - mottaker: ppt\n", "    - mottaker: pp\n"),
            "tilvisninger.brev[0].mottaker",
            "not a service in the profile",
        ),
        (
            yonas_with("      samtykke_ref: ppt\n", ""),
            "tilvisninger.brev[0].samtykke_ref",
            "without a reference",
        ),
        (
            yonas_with(
                "      grunnlag: samtykke\n      samtykke_ref: ppt\n",
                "      grunnlag: lov\n",
            ),
            "tilvisninger.brev[0].hjemmel",
            "without the provision",
        ),
        (
            yonas_with(
                "      grunnlag: samtykke\n      samtykke_ref: ppt\n",
                "      grunnlag: part\n",
            ),
            "tilvisninger.brev[0].grunnlag",
            "unknown basis",
        ),
        (
            yonas_with(
                "      samtykke_ref: ppt\n",
                "      samtykke_ref: ettervern\n",
            ),
            "tilvisninger.brev[0].samtykke_ref",
            "consent to aftercare",
        ),
        (
            yonas_with(
                "      signert: 2026-11-27\n      journalpost: 2025/1432-42\n",
                "",
            ),
            "tilvisninger.brev[0].samtykke_ref",
            "not signed",
        ),
        (
            yonas_with(
                "      bakgrunn:\n        - >-\n          Yonas er 17",
                "      bakgrunn: []\n      x:\n        - >-\n          Yonas er 17",
            ),
            "tilvisninger.brev[0].x",
            "unknown field",
        ),
    ] {
        let err = refused(&case, &read(ASKER), "tilvisning", &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
    // The same service twice.
    let yaml = read(YONAS);
    let at = yaml.find("    - mottaker: ppt\n").unwrap();
    let end = yaml[at..].find("\nettervernsvedtak:").unwrap() + at;
    let twice = format!("{}{}{}", &yaml[..end], &yaml[at..end], &yaml[end..]);
    let err = refused(&twice, &read(ASKER), "tilvisning", &[]);
    assert!(
        err.contains("tilvisninger.brev[1].mottaker") && err.contains("same service"),
        "{err}"
    );
    // The consent no longer holds on the letter's date.
    let err = refused(
        &read(YONAS),
        &read(ASKER),
        "tilvisning",
        &["--date", "2027-07-01"],
    );
    assert!(
        err.contains("tilvisninger.brev[0].samtykke_ref") && err.contains("30. juni 2027"),
        "{err}"
    );
    // A profile without services.
    let profile = read(ASKER);
    let cut = profile.find("\n# The services referrals").unwrap();
    let err = refused(&read(YONAS), &profile[..cut], "tilvisning", &[]);
    assert!(
        err.contains("lists no services") && err.contains("tjenester"),
        "{err}"
    );
    // A service id that cannot name a file.
    let bad = read(ASKER).replace("  - id: ppt\n", "  - id: PPT Asker\n");
    let err = refused(&read(YONAS), &bad, "tilvisning", &[]);
    assert!(
        err.contains("kommune.yaml:") && err.contains("tjenester[0].id"),
        "{err}"
    );
}

#[test]
fn a_folgebrev_copy_that_names_a_consent_form_needs_a_signed_consent_to_share() {
    let amina = read(AMINA).replace(
        "      samtykke_ref: 2026/0211-7\n",
        "      samtykke_ref: skule\n",
    );
    // Not a form of the case: a journal reference, as before.
    assert!(saksdok::case::parse_case(amina.as_bytes(), "sak.yaml").is_ok());
    let with_form = format!(
        "{amina}\nsamtykker:\n  skjema:\n    - id: skule\n      gjelder: informasjon\n      mottakere: [Fiktiv vidaregåande skule]\n      opplysningar: []\n",
    );
    assert!(saksdok::case::parse_case(with_form.as_bytes(), "sak.yaml").is_err());
    let unsigned = format!(
        "{amina}\nsamtykker:\n  skjema:\n    - id: skule\n      gjelder: informasjon\n      mottakere: [Fiktiv vidaregåande skule]\n      opplysningar: [Mål og tiltak i planen]\n      formal: Skulen skal følgje opp måla.\n      gyldig_til: 2027-12-31\n",
    )
    .replace("opplysningar", "opplysninger");
    let err = refused(&unsigned, &read(ALVER), "folgebrev", &[]);
    assert!(
        err.contains("folgebrev.kopi_til[1].samtykke_ref") && err.contains("not signed"),
        "{err}"
    );
    let signed = unsigned.replace(
        "      gyldig_til: 2027-12-31\n",
        "      gyldig_til: 2027-12-31\n      signert: 2027-01-10\n",
    );
    assert!(saksdok::case::parse_case(signed.as_bytes(), "sak.yaml").is_ok());
}

#[test]
fn the_approval_names_every_check_with_its_date_and_who_approved() {
    let nb = documents(&read(YONAS), &read(ASKER), DocumentKind::Godkjenning).remove(0);
    assert_eq!(nb.0, "2025-1432-godkjenning-stottekontakt-fiktivsen.pdf");
    assert_has(
        &nb.1,
        &[
            "Godkjenning av støttekontakt",
            "Navn Jonas Fiktivsen",
            "Gjelder Yonas Tesfamariam",
            "Politiattest 05.11.2026 Ingen merknader",
            "Referanser 10.11.2026 To referanser fra idrettslaget",
            "Intervju 12.11.2026 –",
            "Barnevernstjenesten godkjenner Jonas Fiktivsen som støttekontakt fra 20. november 2026.",
            "Underskrift: Tone Brekke, avdelingsleder",
        ],
    );
    // No home visit for a støttekontakt, and no ID number or account here.
    assert!(!squash(&nb.1).contains("Hjemmebesøk"), "{}", nb.1);
    assert!(!squash(&nb.1).contains("14857810040"), "{}", nb.1);
    let nn = documents(&read(AMINA), &read(ALVER), DocumentKind::Godkjenning).remove(0);
    assert_has(
        &nn.1,
        &[
            "Godkjenning av besøksheim",
            "Referansar 14.01.2027",
            "Heimebesøk 20.01.2027 Eige rom til Amina ved besøk",
            "Barnevernstenesta godkjenner Kari og Per Fiktivsen som besøksheim frå 25. januar 2027.",
        ],
    );
}

#[test]
fn the_contract_and_the_pay_notice_compute_the_amounts_from_the_profile_rate() {
    let nb = documents(&read(YONAS), &read(ASKER), DocumentKind::Oppdragsavtale).remove(0);
    assert_has(
        &nb.1,
        &[
            "Oppdragsavtale – støttekontakt",
            "Vedtak 2025/1432-38 av 25. november 2026",
            "Periode 1. desember 2026 – 14. juni 2027",
            "Treffe Yonas to timer hver uke",
            "Støttekontakt Per time Per måned (8 timer)",
            // 230 kr × 8 hours; 50 kr × 8.
            "Honorar kr 230,00 kr 1 840,00",
            "Utgiftsdekning kr 50,00 kr 400,00",
            "Oppdragstakeren leverer timeliste og en kort rapport til kontaktpersonen hver måned.",
            "Samtale med saksbehandleren hver tredje måned",
            "Oppdragstakeren har taushetsplikt",
            "Begge parter kan si opp avtalen med 1 måneds varsel.",
            "Underskrift: Jonas Fiktivsen, oppdragstaker",
            "Underskrift: Henrik Fjell, for Asker kommune",
        ],
    );
    let nn = documents(&read(AMINA), &read(ALVER), DocumentKind::Oppdragsavtale).remove(0);
    assert_has(
        &nn.1,
        &[
            "Oppdragsavtale – besøksheim",
            "Besøksheim Per døgn Per månad (4 døgn)",
            // 1 050 kr × 4 days: the thousands with a space.
            "Honorar kr 1 050,00 kr 4 200,00",
            "Oppdragstakaren har teieplikt",
            "Begge partar kan seie opp avtalen med 1 månads varsel.",
        ],
    );
    let pay = documents(&read(YONAS), &read(ASKER), DocumentKind::Lonnsmelding).remove(0);
    assert_eq!(pay.0, "2025-1432-lonnsmelding-stottekontakt-fiktivsen.pdf");
    assert_has(
        &pay.1,
        &[
            "Lønnsmelding – oppdragstaker",
            "Til kontorfaglig",
            "Fødselsnummer 14857810040",
            "Kontonummer 1234 56 70007",
            "Saksnummer 2025/1432",
            "Honorar (lønn, skattepliktig) kr 230,00 kr 1 840,00",
            "Utgiftsdekning (ikke skattepliktig) kr 50,00 kr 400,00",
        ],
    );
    // Payroll gets the case number, not the youth's name.
    assert!(!squash(&pay.1).contains("Yonas"), "{}", pay.1);
    let nn = documents(&read(AMINA), &read(ALVER), DocumentKind::Lonnsmelding).remove(0);
    assert_has(
        &nn.1,
        &[
            "Lønsmelding – oppdragstakar",
            "Til kontorfagleg",
            "kr 4 200,00",
        ],
    );
}

#[test]
fn employees_and_bought_services_are_not_approved_but_can_have_a_contract() {
    for t in ["kommunalt_ansatt", "kjopt_tjeneste"] {
        let case = yonas_with(
            "    type: stottekontakt\n",
            &format!("    type: stottekontakt\n    tilknytning: {t}\n"),
        );
        let err = refused(&case, &read(ASKER), "godkjenning", &[]);
        assert!(
            err.contains("oppdragstakere[0].godkjenning")
                && err.contains("own employees and bought services are not approved")
                && err.contains("UNNTAK"),
            "{err}"
        );
        // Without the approval, the contract can be made.
        let yaml = case;
        let from = yaml.find("    godkjenning:\n").unwrap();
        let to = yaml[from..].find("    avtale:\n").unwrap() + from;
        let without = format!("{}{}", &yaml[..from], &yaml[to..]);
        let docs = documents(&without, &read(ASKER), DocumentKind::Oppdragsavtale);
        assert_eq!(docs.len(), 1);
    }
}

#[test]
fn bad_assignee_data_is_refused_at_its_field_and_line() {
    let amina = |from: &str, to: &str| {
        let yaml = read(AMINA);
        assert!(yaml.contains(from), "{from:?}");
        yaml.replacen(from, to, 1)
    };
    for (case, profile, doc, field, what) in [
        (
            amina(
                "        hjemmebesok: { dato: 2027-01-20, merknad: Eige rom til Amina ved besøk }\n",
                "",
            ),
            ALVER,
            "godkjenning",
            "oppdragstakere[0].godkjenning.kontroller.hjemmebesok",
            "approved after a home visit",
        ),
        (
            amina(
                "        intervju: { dato: 2027-01-18 }\n",
                "        intervju: { dato: 2027-01-26 }\n",
            ),
            ALVER,
            "godkjenning",
            "oppdragstakere[0].godkjenning.kontroller.intervju.dato",
            "dated after the approval",
        ),
        (
            amina("      sats: besokshjem\n", "      sats: besoksheim\n"),
            ALVER,
            "oppdragsavtale",
            "oppdragstakere[0].avtale.sats",
            "not a rate in the profile",
        ),
        (
            amina(
                "    kontonummer: 9876 54 30003\n",
                "    kontonummer: 9876 54 30004\n",
            ),
            ALVER,
            "lonnsmelding",
            "oppdragstakere[0].kontonummer",
            "control digit",
        ),
        (
            amina(
                "    fodselsnummer: \"02898120026\"\n",
                "    fodselsnummer: \"02898120027\"\n",
            ),
            ALVER,
            "lonnsmelding",
            "oppdragstakere[0].fodselsnummer",
            "invalid fodselsnummer",
        ),
        (
            amina(
                "      antall_per_maaned: 4\n",
                "      antall_per_maaned: 0\n",
            ),
            ALVER,
            "oppdragsavtale",
            "oppdragstakere[0].avtale.antall_per_maaned",
            "1 to 744",
        ),
        (
            amina(
                "      dato: 2027-02-01\n      vedtak",
                "      dato: 2027-01-20\n      vedtak",
            ),
            ALVER,
            "oppdragsavtale",
            "oppdragstakere[0].avtale.dato",
            "before the decision",
        ),
        (
            amina("    type: besokshjem\n", "    type: besøkshjem\n"),
            ALVER,
            "godkjenning",
            "oppdragstakere[0].type",
            "unknown kind of assignment",
        ),
        (
            yonas_with(
                "  - id: stottekontakt-fiktivsen\n",
                "  - id: Støttekontakt\n",
            ),
            ASKER,
            "godkjenning",
            "oppdragstakere[0].id",
            "lowercase letters",
        ),
    ] {
        let err = refused(&case, &read(profile), doc, &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
    // A private assignee's contract without the approval.
    let yaml = read(AMINA);
    let from = yaml
        .find("    godkjenning:\n      dato: 2027-01-25")
        .unwrap();
    let to = yaml[from..].find("    avtale:\n").unwrap() + from;
    let err = refused(
        &format!("{}{}", &yaml[..from], &yaml[to..]),
        &read(ALVER),
        "oppdragsavtale",
        &[],
    );
    assert!(
        err.contains("oppdragstakere[0].godkjenning") && err.contains("needs the approval first"),
        "{err}"
    );
    // The pay notice without the ID number payroll needs.
    let run = crate::common::render_in_tmp(
        &read(AMINA).replace("    fodselsnummer: \"02898120026\"\n", ""),
        &read(ALVER),
        "lonnsmelding",
        &[],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.files.is_empty());
    assert!(
        run.stderr.contains("oppdragstakere[0].fodselsnummer")
            && run.stderr.contains("needs the assignee's fødselsnummer"),
        "{}",
        run.stderr
    );
    // A rate that is not an amount.
    let bad = read(ALVER).replace("honorar: \"1 050,00\"", "honorar: \"tusen\"");
    let err = refused(&read(AMINA), &bad, "oppdragsavtale", &[]);
    assert!(
        err.contains("kommune.yaml:")
            && err.contains("oppdragssatser[2].honorar")
            && err.contains("not an amount"),
        "{err}"
    );
}

/// The documents of `kind` of an agreement file: (file name, text).
fn agreement_documents(
    path: &str,
    profile_yaml: &str,
    kind: DocumentKind,
) -> Vec<(String, String)> {
    let a = saksdok::case::parse_agreement(read(path).as_bytes(), path)
        .unwrap_or_else(|e| panic!("{e}"));
    let m = saksdok::case::parse_profile(profile_yaml.as_bytes(), "kommune.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = crate::common::engine()
        .render_agreement_with(
            &a,
            &m,
            kind,
            None,
            OutputFormat::Pdf,
            &saksdok::engine::Cancel::new(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    out.files
        .iter()
        .map(|f| (f.name.clone(), pdf_text(&f.bytes)))
        .collect()
}

#[test]
fn every_volunteer_of_an_agreement_signs_a_confidentiality_declaration() {
    let docs = agreement_documents(
        "samples/avtaler/asker-rotary.yaml",
        &read(ASKER),
        DocumentKind::Taushetserklaering,
    );
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2026-5012-taushetserklaering-frivillig-1.pdf",
            "2026-5012-taushetserklaering-frivillig-2.pdf"
        ]
    );
    assert_has(
        &docs[1].1,
        &[
            "Taushetserklæring for frivillige",
            "Navn Fiktiva Turli",
            "Frivillig hos Fiktiv Rotary klubb",
            "Jeg deler ikke slike opplysninger med andre",
            "Taushetsplikten gjelder også etter at jeg har sluttet som frivillig.",
            "sier jeg fra til kontaktpersonen i kommunen, Sigrid Mjøs",
            // Asker asks volunteers for a police certificate.
            "Jeg har lagt fram politiattest for Fiktiv Rotary klubb før jeg starter.",
            "forvaltningsloven § 13",
            "Underskrift: Fiktiva Turli, Fiktiv Rotary klubb",
        ],
    );
    // No case, no exemption marking on a volunteer's form.
    assert!(
        !squash(&docs[0].1).contains("Unntattoffentlighet"),
        "{}",
        docs[0].1
    );
    // An agreement that names no volunteers: one blank form, in nynorsk.
    let blank = agreement_documents(
        "samples/avtaler/alver-idrettslag.yaml",
        &read(ALVER),
        DocumentKind::Taushetserklaering,
    );
    assert_eq!(blank.len(), 1);
    assert_eq!(blank[0].0, "2026-7710-taushetserklaering.pdf");
    assert_has(
        &blank[0].1,
        &[
            "Teieplikterklæring for frivillige",
            "Eg deler ikkje slike opplysningar med andre",
            "Underskrift: frivillig",
        ],
    );
    assert!(
        !squash(&blank[0].1).contains("politiattest"),
        "{}",
        blank[0].1
    );
}

#[test]
fn a_letter_of_intent_is_its_own_agreement_file_and_binds_no_one() {
    let nn = agreement_documents(
        "samples/avtaler/alver-frivilligsentral.yaml",
        &read(ALVER),
        DocumentKind::Intensjonsavtale,
    )
    .remove(0);
    assert_eq!(nn.0, "2026-6120-intensjonsavtale.pdf");
    assert_has(
        &nn.1,
        &[
            "Intensjonsavtale",
            "Og Fiktiv frivilligsentral",
            "Føremål",
            "Dette vil vi samarbeide om",
            "Ei ordning med venefamiliar",
            "Neste steg",
            "Ikkje bindande",
            "Han er ikkje bindande og gir ingen av partane plikter eller rettar.",
            "Underskrift: Trude Sæle, avdelingsleiar, Alver kommune",
            "Underskrift: Siri Fiktivdal, dagleg leiar, Fiktiv frivilligsentral",
        ],
    );
    let nb = agreement_documents(
        "samples/avtaler/alver-frivilligsentral.yaml",
        &read(ASKER),
        DocumentKind::Intensjonsavtale,
    )
    .remove(0);
    assert_has(&nb.1, &["Ikke bindende", "Den er ikke bindende"]);
    // The file makes a letter of intent, not a cooperation agreement.
    let run = crate::common::render_in_tmp(
        &read("samples/avtaler/alver-frivilligsentral.yaml")
            .replace("kommuneprofil: ../kommuner/alver.yaml\n", ""),
        &read(ALVER),
        "samarbeidsavtale",
        &[],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.files.is_empty());
    assert!(
        run.stderr.contains("sak.yaml:") && run.stderr.contains("needs `samarbeidsavtale:`"),
        "{}",
        run.stderr
    );
    // Both in one file, or neither.
    let both = format!(
        "{}\nsamarbeidsavtale:\n{}",
        read("samples/avtaler/alver-frivilligsentral.yaml"),
        read("samples/avtaler/alver-idrettslag.yaml")
            .split("\nsamarbeidsavtale:\n")
            .nth(1)
            .unwrap()
    );
    let err = saksdok::case::parse_agreement(both.as_bytes(), "avtale.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("one agreement file holds one agreement"),
        "{err}"
    );
    let neither = "avtalenummer: 2026/1\n";
    let err = saksdok::case::parse_agreement(neither.as_bytes(), "avtale.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("neither a samarbeidsavtale nor an intensjonsavtale"),
        "{err}"
    );
}

#[test]
fn the_volunteer_agreement_for_one_youth_says_what_they_do_and_how_to_end_it() {
    let nb = documents(&read(YONAS), &read(ASKER), DocumentKind::Frivilligavtale).remove(0);
    assert_has(
        &nb.1,
        &[
            "Avtale om mentor",
            "Mentor Fiktiv Fiktivsen, tlf. 900 00 031 (Fiktiv Rotary klubb)",
            // The særkontakt, by default.
            "Kontaktperson Sigrid Mjøs, særkontakt",
            "Gå tur og snakke norsk sammen",
            "Dere treffes annenhver uke.",
            "har skrevet under en taushetserklæring",
            "Det er Yonas som bestemmer hva som blir fortalt.",
            "Politiattest er lagt fram 20. november 2026.",
            "kan avslutte avtalen når som helst, uten begrunnelse",
            "Underskrift: Yonas Tesfamariam, ungdom",
            "Underskrift: Fiktiv Fiktivsen, mentor",
        ],
    );
    let nn = documents(&read(DAWIT), &read(ALVER), DocumentKind::Frivilligavtale).remove(0);
    assert_has(
        &nn.1,
        &[
            "Avtale om besøksfamilie",
            "De treffest kvar veke.",
            "Dersom noko er vanskeleg",
            "utan grunngiving",
        ],
    );
    // Alver does not ask for a police certificate: none is mentioned.
    assert!(!squash(&nn.1).contains("Politiattest"), "{}", nn.1);

    // Asker asks for one: without it the case is refused at `fra`.
    let err = refused(
        &yonas_with("  politiattest: 2026-11-20\n", ""),
        &read(ASKER),
        "frivilligavtale",
        &[],
    );
    assert!(
        err.contains("frivilligavtale.politiattest")
            && err.contains("asks volunteers for a police certificate"),
        "{err}"
    );
    for (case, field, what) in [
        (
            yonas_with(
                "  politiattest: 2026-11-20\n",
                "  politiattest: 2026-12-02\n",
            ),
            "frivilligavtale.politiattest",
            "after the volunteer has started",
        ),
        (
            yonas_with("  type: mentor\n", "  type: fadder\n"),
            "frivilligavtale.type",
            "unknown volunteer role",
        ),
        (
            yonas_with(
                "  til: 2027-11-30\n  politiattest",
                "  til: 2026-11-30\n  politiattest",
            ),
            "frivilligavtale.til",
            "ends before it starts",
        ),
    ] {
        let err = refused(&case, &read(ASKER), "frivilligavtale", &[]);
        assert!(
            err.contains(field) && err.contains(what) && err.contains("sak.yaml:"),
            "{field}: {err}"
        );
    }
}
