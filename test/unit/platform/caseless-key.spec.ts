import { caselessKey } from '../../../src/platform/text/caseless-key';

describe('caselessKey', () => {
  it('lower-cases ASCII as toLowerCase does', () => {
    expect(caselessKey('Ann.Lee@Contoso.COM')).toBe('ann.lee@contoso.com');
  });

  it('gives NFC and NFD spellings one key', () => {
    const nfc = 'José.Núñez'.normalize('NFC');
    expect(caselessKey(nfc.normalize('NFD'))).toBe(caselessKey(nfc));
    expect(caselessKey(nfc)).toBe('josé.núñez'.normalize('NFC'));
  });

  it('folds the final sigma like any sigma, so a part of a name folds like the whole', () => {
    // toLowerCase: "ΣΩΚΡΑΤΗΣ" alone ends in ς, inside "ΣΩΚΡΑΤΗΣΠ" it is σ.
    expect(caselessKey('ΣΩΚΡΑΤΗΣ')).toBe('σωκρατησ');
    expect(caselessKey('ΣΩΚΡΑΤΗΣ.X')).toBe('σωκρατησ.x');
    expect(caselessKey('σωκρατης')).toBe(caselessKey('ΣΩΚΡΑΤΗΣ'));
    expect(caselessKey('ΣΩΚΡΑΤΗΣ.ΠΑΠΑ').startsWith(caselessKey('ΣΩΚΡΑΤΗΣ'))).toBe(true);
  });

  it('keeps what simple lower-casing keeps apart (no full case folding)', () => {
    expect(caselessKey('STRASSE')).not.toBe(caselessKey('straße'));
    expect(caselessKey('ÖZTÜRK')).toBe('öztürk');
  });
});
