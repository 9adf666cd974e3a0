// A text mentions a place when a word of it is the place's name, inflected or made into a demonym or adjective
// ("Tokioter", "Berliner", "jordanische", "Canadian"), not when a word merely begins with the same letters ("Regierung"
// begins as "Regina" does). score-story.ts `placesApart` calls two headlines' places apart only when neither text mentions
// the other's, so a false mention hides a conflict ("Montreal" / "Regina") and a missed one invents it.
import { describe, expect, it } from 'vitest';
import { acronymPlaces, mentionsPlace, placesWritten } from '../../src/dedup/place-names.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { stemWord } from '../../src/dedup/stem-word.js';

const termsOf = (text: string, language: string): string[] =>
  normaliseText(text, language).tokens.map((token) => stemWord(token, language));
const placeStem = (name: string, language: string): string => stemWord(normaliseText(name, language).tokens[0]!, language);
/** A text as the place rules read it: its terms, the places it names, its language. */
const side = (text: string, language: string) => ({
  terms: termsOf(text, language),
  textPlaces: placesWritten(normaliseText(text, language).tokens, text, language),
  language,
});

describe('mentionsPlace', () => {
  it.each([
    ['de', 'Tokioter Aktien öffnen tiefer', 'Tokio'],
    ['de', 'Berliner Senat beschließt Haushalt', 'Berlin'],
    ['de', 'Londoner Börse schließt fester', 'London'],
    ['de', 'Kanadier gewinnen Gold', 'Kanada'],
    ['de', 'jordanische Regierung tritt zurück', 'Jordanien'],
    ['de', 'bayerische Staatsregierung', 'Bayern'],
    ['de', 'Bayerns Ministerpräsident', 'Bayern'],
    ['en', 'Londoners vote on Thursday', 'London'],
    ['en', "London's mayor resigns", 'London'],
    ['en', 'Canadian dollar falls', 'Canada'],
    ['en', 'Parisian cafés reopen', 'Paris'],
    ['en', 'RBS may move HQ to England if Scots vote for independence', 'Scotland'],
  ])('%s "%s" mentions %s', (language, text, place) => {
    expect(mentionsPlace(side(text, language), placeStem(place, language), language)).toBe(true);
  });

  it.each([
    ['de', 'Regierung stürzt nach Misstrauensvotum', 'Regina'],
    ['en', 'Region braces for storm', 'Regina'],
    ['en', 'Regiment returns home', 'Regina'],
    ['de', 'Londoner Börse schließt fester', 'Tokio'],
  ])('%s "%s" does not mention %s', (language, text, place) => {
    expect(mentionsPlace(side(text, language), placeStem(place, language), language)).toBe(false);
  });
});

// "US", "USA", "UK", "UAE" are among the names German and English give a country (i18n-iso-countries), written in capitals.
describe('countries named by letters', () => {
  it.each([
    ['US-Soldaten in Afghanistan getötet', ['us']],
    ['USA und UK einigen sich', ['usa', 'uk']],
    ['U.S. troops leave Iraq', ['us']],
    ['Let us talk about it', []],
    ['Abu Dhabi (UAE) hosts the summit', ['uae']],
    ['US TROOPS LEAVE IRAQ', []],
    ['Die SPD und die CDU streiten', []],
  ])('"%s" names %j', (text, expected) => {
    expect(acronymPlaces(text)).toEqual(expected);
  });

  it.each([
    ['de', 'US-Soldaten in Afghanistan getötet', 'USA'],
    ['de', 'amerikanische Soldaten in Afghanistan getötet', 'US'],
    ['en', 'US troops killed in Afghanistan', 'USA'],
    ['en', 'American troops killed in Afghanistan', 'U.S.'],
    ['en', 'Washington sends more troops', 'US'],
  ])('%s "%s" mentions %s', (language, text, acronym) => {
    const place = acronymPlaces(`the ${acronym}`)[0]!;
    expect(mentionsPlace(side(text, language), place, language)).toBe(true);
  });

  it.each([
    ['de', 'britische Soldaten in Afghanistan getötet', 'US'],
    ['en', 'British troops killed in Afghanistan', 'US'],
    ['en', 'Give us the troops', 'US'],
  ])('%s "%s" does not mention %s', (language, text, acronym) => {
    const place = acronymPlaces(`the ${acronym}`)[0]!;
    expect(mentionsPlace(side(text, language), place, language)).toBe(false);
  });
});
