import t from 'tap';
import { outcomeSchema, type Outcome } from '../../../src/modules/calls/outcome-schema.js';
import { computeTriage } from '../../../src/shared/triage.js';

type Flags = NonNullable<Outcome['riskFlags']>;
const yes = (...flags: (keyof Flags)[]): Flags => Object.fromEntries(flags.map((f) => [f, 'yes']));

// One case per rule and per boundary of DESIGN §4.
const cases: Array<[string, Pick<Outcome, 'riskFlags' | 'relationship'>, string]> = [
  ['no flags at all', {}, 'not_assessed'],
  ['every flag left unknown', { riskFlags: { threats_to_kill: 'unknown', cssrs_plan: 'unknown' } }, 'not_assessed'],
  ['one flag answered no', { riskFlags: { threats_to_kill: 'no' } }, 'low'],
  ['one S-DASH flag yes', { riskFlags: yes('substance_use') }, 'low'],
  ['two S-DASH flags yes (below three)', { riskFlags: yes('substance_use', 'violent_history') }, 'low'],
  ['three S-DASH flags yes', { riskFlags: yes('substance_use', 'violent_history', 'enlisting_others') }, 'moderate'],
  ['cssrs_method', { riskFlags: yes('cssrs_method') }, 'moderate'],
  ['cssrs_wish_dead alone', { riskFlags: yes('cssrs_wish_dead') }, 'low'],
  ['cssrs_suicidal_thoughts alone', { riskFlags: yes('cssrs_suicidal_thoughts') }, 'low'],
  ['cssrs_intent', { riskFlags: yes('cssrs_intent') }, 'high'],
  ['cssrs_plan', { riskFlags: yes('cssrs_plan') }, 'high'],
  ['cssrs_behaviour_recent', { riskFlags: yes('cssrs_behaviour_recent') }, 'high'],
  ['threats_to_kill', { riskFlags: yes('threats_to_kill') }, 'high'],
  ['strangulation', { riskFlags: yes('strangulation') }, 'high'],
  ['weapon_access', { riskFlags: yes('weapon_access') }, 'high'],
  ['violence_current_episode (also an S-DASH flag)', { riskFlags: yes('violence_current_episode') }, 'high'],
  ['order_breach', { riskFlags: yes('order_breach') }, 'high'],
  ['escalation', { riskFlags: yes('escalation') }, 'high'],
  ['children_shared_with_target alone', { riskFlags: yes('children_shared_with_target') }, 'low'],
  ['threats_of_violence with an ex-partner', { relationship: 'ex_intimate', riskFlags: yes('threats_of_violence') }, 'high'],
  ['threats_of_violence with a colleague', { relationship: 'work', riskFlags: yes('threats_of_violence') }, 'low'],
  ['ex-partner without threats', { relationship: 'ex_intimate', riskFlags: { threats_of_violence: 'no' } }, 'low'],
  ['intent_to_harm_target_now', { riskFlags: yes('intent_to_harm_target_now') }, 'acute'],
  ['at_target_location_now', { riskFlags: yes('at_target_location_now') }, 'acute'],
  ['attempt_in_progress', { riskFlags: yes('attempt_in_progress') }, 'acute'],
  ['acute wins over high', { riskFlags: yes('threats_to_kill', 'attempt_in_progress') }, 'acute'],
  ['an acute flag answered no', { riskFlags: { attempt_in_progress: 'no' } }, 'low'],
];

for (const [name, input, expected] of cases) {
  t.equal(computeTriage(input), expected, name);
}

t.test('the outcome schema', async (t) => {
  const minimal = { callerType: 'perpetrator_self', outcome: 'consented_to_followup' };
  t.ok(outcomeSchema.safeParse(minimal).success, 'only callerType and outcome are required');
  const problems = (input: unknown) => {
    const r = outcomeSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.')).sort();
  };
  t.same(problems({}), ['callerType', 'outcome']);
  t.same(problems({ ...minimal, callerType: 'victim' }), ['callerType'], 'unknown codes are refused');
  t.same(problems({ ...minimal, behaviours: ['calls_sms', 'telepathy'] }), ['behaviours.1']);
  t.same(problems({ ...minimal, behaviours: ['calls_sms', 'calls_sms'] }), ['behaviours'], 'a code at most once');
  t.same(problems({ ...minimal, riskFlags: { threats_to_kill: 'maybe' } }), ['riskFlags.threats_to_kill']);
  t.same(problems({ ...minimal, riskFlags: { horoscope: 'yes' } }), ['riskFlags'], 'an unknown flag');
  t.same(problems({ ...minimal, ageBand: '30' }), ['ageBand']);
  t.same(problems({ ...minimal, triageOverride: { triage: 'high' } }), ['triageOverride.reason'], 'an override needs a reason');
  t.same(problems({ ...minimal, name: 'Jens' }), [''], 'unknown fields are refused');
});
