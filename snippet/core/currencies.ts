/**
 * Active ISO 4217 alpha-3 codes (list of 2025, after XCG replaced ANG and ZWG replaced ZWL; test
 * code XTS and XXX "no currency" excluded), grouped by first letter: "AEDFN" is AED and AFN.
 */
const CODES =
  'AEDFNLLMDOARSUDWGZN BAMBDDTHDIFMDNDOBOVRLSDTNWPYNZD CADDFHEHFHWLFLPNYOPOURCUPVEZK DJFKKOPZD EGPRNTBUR FJDKP GBPELHSIPMDNFTQYD HKDNLTGUF IDRLSNRQDRRSK JMDODPY KESGSHRMFPWRWWDYDZT LAKBPKRRDSLYD MADDLGAKDMKNTOPRUURVRWKXNXVYRZN NADGNIOOKPRZD OMR PABENGKHPKRLNYG QAR RONSDUBWF SARBDCRDGEKGDHPLEOSRDSPTNVCYPZL THBJSMTNDOPRYTDWDZS UAHGXSDSNYIYUYWZS VEDESNDUV WST XAFAGAUBABBBCBDCDCGDROFPDPFPTSUUA YER ZARMWWG';

/** True when `code` (already upper-case) is an active ISO 4217 currency code. */
export function isCurrency(code: string): boolean {
  const group = /^[A-Z]{3}$/.test(code) ? CODES.split(' ').find((g) => g[0] === code[0]) : '';
  return !!group?.slice(1).match(/../g)?.includes(code.slice(1));
}
