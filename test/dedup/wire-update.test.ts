// A wire's update of its own story ("ROUNDUP 2: Zahl der Toten … steigt auf sieben" after "… Mindestens vier Tote") may
// change the story's figures and pays no same-feed penalty (score-story.ts `updatesStory`), through the real ingest and
// placement path. The same tag on another event, and a next-day update naming another day, still stay apart. The texts are
// written for this test (the Kyiv attack is modelled on eval/calibration-de's drohnen-kiew).
import { describe, expect, it } from 'vitest';
import { explainItem } from '../../src/dedup/explain-item.js';
import { updateMarker } from '../../src/dedup/agency-markers.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('update tags', () => {
  it.each([
    ['ROUNDUP 2: Zahl der Toten nach Angriff auf Kiew steigt auf sieben', 'ROUNDUP 2'],
    ['ROUNDUP/Aktien Frankfurt Schluss: Dax legt zu', 'ROUNDUP'],
    ['UPDATE 1-Fed holds rates steady, signals cuts later this year', 'UPDATE 1'],
    ['WRAPUP 2-Russian drone attack on Kyiv kills seven', 'WRAPUP 2'],
    ['REFILE-Quake in western Turkey kills one', 'REFILE'],
    ['CORRECTED-Ukraine says seven killed in Kyiv attack', 'CORRECTED'],
    ['KORREKTUR/Siemens hebt Prognose an', 'KORREKTUR'],
    ['WDH: Bundestag billigt Etat', 'WDH'],
    ['Waldbrände in Kalifornien (Zusammenfassung 1200)', '(Zusammenfassung 1200)'],
    ['Update: Sieben Tote nach Angriff auf Kiew', 'Update'],
  ])('"%s" is an update (%s)', (title, marker) => {
    expect(updateMarker(title)).toBe(marker);
  });

  it.each([
    'Eilmeldung: Bundestag beschließt neues Wehrdienstgesetz',
    'BREAKING: Earthquake strikes western Turkey',
    'FACTBOX-What we know about the Kyiv attack',
    'ANALYSIS-Why the Fed is waiting',
    'EXCLUSIVE-Siemens weighs sale of unit',
    'Wie das neue Update für Windows 11 den Rechner bremst',
    'Roundup der Woche: Die besten Apps',
  ])('"%s" is no update', (title) => {
    expect(updateMarker(title)).toBeNull();
  });
});

const flash = feedItem({
  key: 'agentur-kiew-1',
  title: 'Russischer Drohnenangriff auf Kiew - Mindestens vier Tote',
  summary:
    'Kiew (dpa) - Bei einem massiven russischen Drohnen- und Raketenangriff auf Kiew sind in der Nacht zum Dienstag mindestens vier Menschen getötet worden. ' +
    'Mehr als 20 wurden verletzt, teilte Bürgermeister Vitali Klitschko mit. Im Stadtteil Darnyzja wurde ein Wohnhaus getroffen, Teile der Stadt sind ohne Strom.',
  published: '2026-11-17T05:40:00Z',
});

const roundupTitle = 'ROUNDUP 2: Zahl der Toten nach Drohnenangriff auf Kiew steigt auf sieben';
const roundupLead =
  'Kiew (dpa) - Nach dem nächtlichen russischen Drohnen- und Raketenangriff auf Kiew ist die Zahl der Toten auf sieben gestiegen. ' +
  'Mehr als 20 Menschen wurden verletzt, teilte Bürgermeister Vitali Klitschko mit. In den Trümmern des Wohnhauses im Stadtteil Darnyzja wurden weitere Opfer gefunden.';

/** The agency's flash, then `later` from the same agency feed; returns both decisions. */
async function flashThen(later: { title: string; summary: string; published: string }) {
  const h = await harness([source('agentur')]);
  const [a] = await h.poll('agentur', [flash], '2026-11-17T05:45:00Z');
  const [b] = await h.poll('agentur', [feedItem({ key: 'agentur-kiew-2', ...later })], later.published);
  return { h, a: a!, b: b! };
}

describe('a wire update joins the story it updates', () => {
  it('takes a changed death toll from the same feed, and explain says the update rule applied', async () => {
    const { h, a, b } = await flashThen({ title: roundupTitle, summary: roundupLead, published: '2026-11-17T09:30:00Z' });
    expect(b.rule).toBe('near-duplicate');
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['updateRule']).toBe(true);
    expect(b.components['numberConflict']).toBe(false);
    const [explained] = await explainItem(h.store, String(b.itemId));
    expect(explained!.evidence?.updateRule).toBe(true);
    expect(explained!.normalised?.updateMarker).toBe('ROUNDUP 2');
  });

  it('takes an update the wire wrote anew as its own retelling of the story (it shares the names and one figure)', async () => {
    const { a, b } = await flashThen({
      title: 'ROUNDUP: Klitschko meldet sieben Tote in der Hauptstadt',
      summary:
        'Kiew (dpa) - Die russische Armee hat die ukrainische Hauptstadt in der Nacht mit Drohnen und Raketen beschossen. ' +
        'Sieben Menschen kamen ums Leben, mehr als 20 erlitten Verletzungen, wie Bürgermeister Vitali Klitschko am Vormittag schrieb. ' +
        'Rettungskräfte suchen in Darnyzja weiter nach Verschütteten.',
      published: '2026-11-17T09:30:00Z',
    });
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['updateRule']).toBe(true);
    expect(b.components['retelling']).toBe(true);
  });

  it('(the same text without the tag stays apart: the rule is what joins it)', async () => {
    const { a, b } = await flashThen({
      title: roundupTitle.replace('ROUNDUP 2: ', ''),
      summary: roundupLead,
      published: '2026-11-17T09:30:00Z',
    });
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.numberConflict']).toBe(true);
  });

  it("does not take another outlet's story for its own: there the changed toll still conflicts", async () => {
    const h = await harness([source('agentur'), source('zeitung')]);
    const [a] = await h.poll('zeitung', [{ ...flash, key: 'zeitung-kiew-1' }], '2026-11-17T05:45:00Z');
    const [b] = await h.poll(
      'agentur',
      [feedItem({ key: 'agentur-kiew-2', title: roundupTitle, summary: roundupLead })],
      '2026-11-17T09:30:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.updateRule']).toBe(false);
    expect(b!.components['nearest.numberConflict']).toBe(true);
  });

  it("does not take the feed's next report of a recurring kind for an update: the close after the same day's opening", async () => {
    const h = await harness([source('afx')]);
    const [a] = await h.poll(
      'afx',
      [
        feedItem({
          key: 'afx-open',
          title: 'Aktien Frankfurt Eröffnung: Dax startet mit Gewinnen - Nvidia-Zahlen stützen',
          summary:
            'FRANKFURT (dpa-AFX) - Der Dax ist am Donnerstag mit Gewinnen in den Handel gestartet. Der deutsche Leitindex stieg in den ersten Minuten um 0,6 Prozent auf 23.410 Punkte. Starke Quartalszahlen des Chipkonzerns Nvidia stützten die Kurse, Infineon und SAP waren gefragt.',
          published: '2026-11-20T08:15:00Z',
        }),
      ],
      '2026-11-20T08:20:00Z',
    );
    const [b] = await h.poll(
      'afx',
      [
        feedItem({
          key: 'afx-close',
          title: 'ROUNDUP/Aktien Frankfurt Schluss: Dax schließt deutlich im Plus - Nvidia treibt',
          summary:
            'FRANKFURT (dpa-AFX) - Der Dax hat am Donnerstag deutlich zugelegt. Der deutsche Leitindex schloss 1,4 Prozent höher bei 23.765 Punkten. Starke Quartalszahlen des Chipkonzerns Nvidia trieben die Kurse, Infineon und SAP waren gefragt.',
          published: '2026-11-20T16:45:00Z',
        }),
      ],
      '2026-11-20T16:50:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.updateRule']).toBe(true);
    expect(b!.components['nearest.leadNumberConflict']).toBe(true);
  });

  it('does not join the same tag on another event of the day', async () => {
    const { a, b } = await flashThen({
      title: 'ROUNDUP: Zwei Tote nach russischem Angriff auf Charkiw',
      summary:
        'Charkiw (dpa) - Bei einem russischen Raketenangriff auf Charkiw im Osten der Ukraine sind zwei Menschen getötet worden. ' +
        'Getroffen wurde ein Industriegebiet, teilte Gouverneur Oleh Synjehubow mit. Feuerwehrleute löschten einen Großbrand.',
      published: '2026-11-17T10:00:00Z',
    });
    expect(b.storyId).not.toBe(a.storyId);
  });

  it('does not join a next-day update that names another day', async () => {
    const { a, b } = await flashThen({
      title: 'ROUNDUP: Zahl der Toten nach Drohnenangriff auf Kiew steigt auf neun',
      summary:
        'Kiew (dpa) - Nach dem russischen Drohnen- und Raketenangriff auf Kiew ist die Zahl der Toten am Mittwoch auf neun gestiegen. ' +
        'Mehr als 20 Menschen wurden verletzt, teilte Bürgermeister Vitali Klitschko mit. Im Stadtteil Darnyzja wurden weitere Opfer gefunden.',
      published: '2026-11-18T11:00:00Z',
    });
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.updateRule']).toBe(false);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });
});
