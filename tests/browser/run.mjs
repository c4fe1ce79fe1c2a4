// The web app in a real browser: the scenario a user follows, with a
// screenshot of every step and axe-core on every page.
//
//   node tests/browser/run.mjs            (after cargo build)
//
// SAKSDOK: the binary (default target/debug/saksdok); CHROMIUM: the browser
// (default /usr/bin/chromium); SCREENSHOTS: where the screenshots go
// (default target/browser-screens). Prints `N passed, N failed` last and
// exits non-zero when a check failed.

import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.SAKSDOK ?? path.join(root, "target/debug/saksdok");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.SCREENSHOTS ?? path.join(root, "target/browser-screens");
fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
let step = 0;
function check(what, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok      ${what}`);
  } else {
    failed++;
    console.log(`FAILED  ${what}${detail ? `: ${detail}` : ""}`);
  }
}

async function shot(page, name) {
  step++;
  const file = path.join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function axe(page, name) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const v = result.violations;
  check(
    `axe: ${name} has no WCAG 2.1 A/AA violations`,
    v.length === 0,
    v.map((x) => `${x.id} (${x.nodes.length}: ${x.nodes[0]?.target})`).join("; "),
  );
}

// A copy of the samples, so that the scenario can change them.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "saksdok-browser-"));
fs.cpSync(path.join(root, "samples/saker"), path.join(work, "saker"), { recursive: true });
fs.cpSync(path.join(root, "samples/kommuner"), path.join(work, "kommuner"), { recursive: true });

const server = spawn(
  binary,
  ["serve", "--saker", path.join(work, "saker"), "--kommuner", path.join(work, "kommuner"), "--port", "0"],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverErr = "";
server.stderr.on("data", (d) => (serverErr += d));
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/[0-9.:]+\//);
    if (m) resolve(m[0].replace(/\/$/, ""));
  });
  server.on("exit", (code) => reject(new Error(`saksdok serve exited (${code}): ${serverErr}`)));
  setTimeout(() => reject(new Error("saksdok serve did not print its address")), 20000);
});

const browser = await chromium.launch({
  executablePath: browserPath,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});

function pdfText(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}

let page;
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: "nb-NO" });
  page = await context.newPage();
  page.setDefaultTimeout(60000);

  // 1. The list.
  await page.goto(`${base}/`);
  const rows = await page.locator("#saker tbody tr").count();
  check("the list shows the three sample cases", rows === 3, `${rows} rows`);
  check("the page is marked as Norwegian", (await page.getAttribute("html", "lang")) === "nb");
  await shot(page, "liste");
  await axe(page, "the case list");

  // Search narrows the list and says how many are shown.
  await page.fill("#sok", "Yonas");
  const visible = await page.locator("#saker tbody tr:visible").count();
  check("searching for a name leaves one case", visible === 1, `${visible} visible`);
  await page.fill("#sok", "");

  // 2. A case.
  await page.click('#saker a:has-text("2025/1432")');
  await page.waitForSelector("#f-ungdom-fornavn");
  check("the case page shows the youth's name in the form", (await page.inputValue("#f-ungdom-fornavn")) === "Yonas");
  await page.waitForSelector("#forhandsvisning img");
  const firstPreview = await page.getAttribute("#forhandsvisning img", "src");
  const before = await (await page.request.get(`${base}${firstPreview}`)).body();
  check("the preview shows the first document's pages", before.length > 1000, `${before.length} bytes`);
  await shot(page, "sak");
  await axe(page, "the case page");
  const caseUrl = page.url();

  // 3. An invalid date: the plan period ends before it starts.
  await page.locator("details#f-tiltaksplan > summary").click();
  await page.fill("#f-tiltaksplan-periode-til", "2020-01-01");
  await page.locator(".lagre-linje button.hoved").first().click();
  await page.waitForSelector("#f-tiltaksplan-periode-til-feil");
  const beside = await page.textContent("#f-tiltaksplan-periode-til-feil");
  check("the error is shown beside the field", /ends before it starts/.test(beside), beside);
  const described = await page.getAttribute("#f-tiltaksplan-periode-til", "aria-describedby");
  check("the field is described by its error", (described ?? "").includes("f-tiltaksplan-periode-til-feil"), described);
  check(
    "the summary links to the field",
    (await page.locator('.feilsammendrag a[href="#f-tiltaksplan-periode-til"]').count()) === 1,
  );
  const file = path.join(work, "saker", "asker-yonas.yaml");
  check("the invalid case was not saved", !fs.readFileSync(file, "utf8").includes("2020-01-01"));
  check("what was typed is kept", (await page.inputValue("#f-tiltaksplan-periode-til")) === "2020-01-01");
  await shot(page, "ugyldig-dato");
  await axe(page, "the case page with an error");

  // 4. Fix it, change the name, save: the preview changes.
  await page.fill("#f-tiltaksplan-periode-til", "2027-06-30");
  await page.fill("#f-ungdom-fornavn", "Yohannes");
  await page.locator(".lagre-linje button.hoved").first().click();
  await page.waitForSelector(".melding.ok");
  check("the saved message is shown", /lagret/.test(await page.textContent("#status")));
  check("the file has the new name", fs.readFileSync(file, "utf8").includes("fornavn: Yohannes"));
  await page.waitForSelector("#forhandsvisning img");
  const after = await (await page.request.get(`${base}${await page.getAttribute("#forhandsvisning img", "src")}`)).body();
  check("the preview changed after the save", !before.equals(after));
  await shot(page, "lagret");

  // 5. Download the welcome letter and read it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click('a[href$="/pdf/velkomstbrev/0"]'),
  ]);
  const pdf = path.join(work, "velkomstbrev.pdf");
  await download.saveAs(pdf);
  const text = pdfText(pdf);
  check("the downloaded PDF has the saved name", text.includes("Yohannes"), text.slice(0, 200));

  // 6. A deadline: an evaluation date added to the plan is in the .ics.
  await page.locator("details#f-tiltaksplan > summary").click();
  await page.click('button[value="legg_til:tiltaksplan.evalueringsdatoer"]');
  const added = page.locator('input[name^="tiltaksplan.evalueringsdatoer["]').last();
  check("the new list item has focus", await added.evaluate((e) => e === document.activeElement));
  await added.fill("2027-03-15");
  await page.locator(".lagre-linje button.hoved").first().click();
  await page.waitForSelector(".melding.ok");
  const ics = await (await page.request.get(`${base}/frister.ics`)).text();
  check("the added deadline is in the calendar file", ics.includes("DTSTART;VALUE=DATE:20270315"));
  check("the calendar file carries no names", !ics.includes("Yohannes") && !ics.includes("Tesfamariam"));
  await page.goto(`${base}/frister`);
  check("the deadlines page lists it", (await page.locator('time[datetime="2027-03-15"]').count()) >= 1);
  await shot(page, "frister");
  await axe(page, "the deadlines page");

  // 7. Two people: a second browser saves first; the first is refused and
  // keeps what they typed, with the other version beside the field.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page.goto(caseUrl);
  await page2.goto(caseUrl);
  await page2.fill("#f-ungdom-etternavn", "Andersen");
  await page2.locator(".lagre-linje button.hoved").first().click();
  await page2.waitForSelector(".melding.ok");
  await page.fill("#f-ungdom-etternavn", "Berg");
  await page.locator(".lagre-linje button.hoved").first().click();
  await page.waitForSelector(".melding.feil");
  check("the second save is refused", /noen andre/.test(await page.textContent(".melding.feil")));
  check("what the second person typed is kept", (await page.inputValue("#f-ungdom-etternavn")) === "Berg");
  check("the other version is shown beside the field", /Andersen/.test(await page.textContent("#f-ungdom-etternavn-disk")));
  check("the file has the first save", fs.readFileSync(file, "utf8").includes("etternavn: Andersen"));
  await shot(page, "konflikt");
  await other.close();

  // 8. History: the versions are kept and one can be restored.
  await page.goto(`${caseUrl}/historikk`);
  const versions = await page.locator("tbody tr").count();
  check("the history lists the earlier versions", versions >= 3, `${versions}`);
  await shot(page, "historikk");
  await axe(page, "the history page");
  await page.locator("tbody tr").last().locator("button").click();
  await page.waitForSelector(".melding.ok");
  check("restoring the oldest version brings the original name back", fs.readFileSync(file, "utf8").includes("fornavn: Yonas"));

  // 9. The advanced view: a YAML error at its line, not saved.
  await page.goto(`${caseUrl}/yaml`);
  await axe(page, "the YAML view");
  const yaml = await page.inputValue("#tekst");
  await page.fill("#tekst", yaml.replace("saksnummer:", "saksnumer:"));
  await page.click("form button.hoved");
  await page.waitForSelector(".feilsammendrag");
  const summary = await page.textContent(".feilsammendrag");
  check("a misspelt field is reported at its line", /Linje \d+/.test(summary) && /saksnumer/.test(summary), summary.slice(0, 200));
  check("the misspelt file was not saved", !fs.readFileSync(file, "utf8").includes("saksnumer:"));
  await shot(page, "yaml-feil");

  // 10. A new case from another case as a template.
  await page.goto(`${base}/ny`);
  await axe(page, "the new case page");
  await page.selectOption("#mal", { label: "asker-yonas.yaml (kommune, ansatte og bosted)" });
  await page.click("form.mal button");
  await page.waitForSelector("#f-saerkontakt");
  check("the template brings the staff", (await page.inputValue("#f-saerkontakt")) === "sm");
  check("the template brings no youth", (await page.inputValue("#f-ungdom-fornavn")) === "");
  await page.fill("#f-filnavn", "asker-ny");
  await page.locator(".lagre-linje button.hoved").first().click();
  await page.waitForSelector(".feilsammendrag");
  check("an incomplete new case is not created", !fs.existsSync(path.join(work, "saker", "asker-ny.yaml")));
  await shot(page, "ny-sak-feil");

  // 11. A batch of every sample: live progress, then the print file.
  await page.goto(`${base}/`);
  await page.check('input[name="dokument"][value="velkomstbrev"]');
  await page.check('input[name="tosidig"]');
  await page.click("fieldset.utskrift button.hoved");
  await page.waitForSelector("progress");
  await shot(page, "batch-fremdrift");
  await page.waitForSelector('a[href$="/fil/utskriftsfil.pdf"]', { timeout: 300000 });
  await shot(page, "batch-ferdig");
  await axe(page, "the batch page");
  const [printDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.click('a[href$="/fil/utskriftsfil.pdf"]'),
  ]);
  const printFile = path.join(work, "utskrift.pdf");
  await printDownload.saveAs(printFile);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [printFile]).toString())?.[1]);
  check("the print file has every letter's pages", pages >= 6, `${pages} pages`);
  check("the duplex print file has an even page count", pages % 2 === 0, `${pages} pages`);
  const zip = await page.request.get(page.url() + "/fil/dokumenter.zip");
  const zipBytes = await zip.body();
  check("the zip of the documents downloads", zip.status() === 200 && zipBytes.subarray(0, 2).toString() === "PK");
  const manifest = await (await page.request.get(page.url() + "/fil/manifest.json")).json();
  check("the manifest lists the documents", JSON.stringify(manifest).includes("velkomstbrev"));

  // 12. At 200 % zoom the case page has no horizontal scrolling.
  const narrow = await browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 });
  const zoomed = await narrow.newPage();
  await zoomed.goto(caseUrl);
  const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("at 200 % zoom (640 px) nothing scrolls sideways", overflow <= 1, `${overflow} px`);
  await shot(zoomed, "zoom-200");
  await narrow.close();

  // 13. Keyboard: the first Tab reaches the menu, and Enter in a field saves
  // (the form's first button is «Lagre»).
  await page.goto(caseUrl);
  await page.keyboard.press("Tab");
  check("Tab reaches a link first", (await page.evaluate(() => document.activeElement?.tagName)) === "A");
  await page.focus("#f-ungdom-etternavn");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".melding.ok");
  check("Enter in a field saves the case", /lagret/.test(await page.textContent("#status")));
} catch (e) {
  check("the scenario ran to the end", false, String(e?.stack ?? e));
  if (page) await shot(page, "feil").catch(() => {});
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
