import { agreementFromData } from './agreement-data';
import lindenau from './data/lindenau-krisenkooperation.2026-1.json';
import {
  hilfeplanungRulesOf,
  defaultHilfeplanungRules,
  lindenauHilfeplanungRules,
} from '../hilfeplanung/hilfeplanung.rules';
import { lindenauAgreementV1 } from './lindenau.agreement';

const source = 'lindenau-krisenkooperation.2026-1.json';
const copy = () => JSON.parse(JSON.stringify(lindenau)) as Record<string, unknown>;

describe('agreement seed data', () => {
  it('loads the Lindenau agreement from its JSON, unchanged', () => {
    expect(lindenauAgreementV1).toEqual(lindenau);
    expect(lindenauAgreementV1.agreementId).toBe('lindenau-krisenkooperation');
    expect(lindenauAgreementV1.version).toBe('2026-1');
  });

  it('refuses data that does not match the schema, naming the field', () => {
    const bad = { ...copy(), validFrom: 'soon' };
    expect(() => agreementFromData(bad, source)).toThrow(/validFrom/);
    expect(() => agreementFromData({ ...copy(), extra: 1 }, source)).toThrow(/schema/);
  });

  it('refuses data the engine cannot use, and a file named after another version', () => {
    const bad = copy();
    bad['supervisorContactId'] = 'ct-ja-asd-fallfuehrung';
    expect(() => agreementFromData(bad, source)).toThrow(/supervisor/);
    expect(() => agreementFromData(copy(), 'lindenau-krisenkooperation.2026-2.json')).toThrow(/must be named/);
  });
});

describe('Hilfeplanung rules of an agreement', () => {
  it('are the agreement’s own deadlines, the defaults for what it leaves out', () => {
    const { hilfeplanung: _none, ...without } = lindenauAgreementV1;
    expect(hilfeplanungRulesOf(without)).toEqual(defaultHilfeplanungRules);
    expect(hilfeplanungRulesOf({ ...without, hilfeplanung: { statementDueDays: 21 } })).toEqual({
      ...defaultHilfeplanungRules,
      statementDueDays: 21,
    });
  });

  it('of Lindenau are what they were before they became data (the defaults)', () => {
    expect(lindenauAgreementV1.hilfeplanung).toBeDefined();
    expect(lindenauHilfeplanungRules).toEqual(defaultHilfeplanungRules);
  });
});
