// Danish and English labels for every code of the outcome vocabulary (docs/architecture.md, "Outcome vocabulary and triage"). The codes come from the server's
// vocabulary; a code without a label, or a label without a code, is a type error.
import type { BlockReason } from '../../src/shared/block-reasons.js';
import type {
  AgeBand, Behaviour, CallerType, Escalation, Gender, LegalStatus, Motivation, OutcomeCode, Referral, Region, Relationship,
  RiskAnswer, RiskFlag, RiskFlagGroup, StalkingDuration, Triage,
} from '../../src/shared/vocabulary.js';
import { T, type Text } from './i18n.js';

const UNKNOWN = T('Ved ikke', 'Unknown');

export const CALLER_TYPE_LABELS: Record<CallerType, Text> = {
  perpetrator_self: T('Udøver selv', 'Perpetrator (self)'),
  relative_or_friend: T('Pårørende eller ven', 'Relative or friend'),
  professional: T('Fagperson', 'Professional'),
  victim_misdirected: T('Offer (forkert linje)', 'Victim (wrong line)'),
  silent_or_unclear: T('Tavst eller uklart opkald', 'Silent or unclear call'),
  abusive_or_prank: T('Krænkende opkald eller drilleopkald', 'Abusive or prank call'),
};

export const OUTCOME_LABELS: Record<OutcomeCode, Text> = {
  consented_to_followup: T('Samtykke til opfølgning', 'Consented to follow-up'),
  information_only: T('Kun information', 'Information only'),
  referred_elsewhere: T('Henvist til andet tilbud', 'Referred elsewhere'),
  will_call_again: T('Ringer igen', 'Will call again'),
  emergency_escalated: T('Akut eskaleret', 'Emergency escalated'),
  dropped: T('Samtalen blev afbrudt', 'Call dropped'),
  out_of_scope: T('Uden for linjens formål', 'Out of scope'),
};

export const REFERRAL_LABELS: Record<Referral, Text> = {
  psychiatry: T('Psykiatrien', 'Psychiatry'),
  gp: T('Egen læge', 'GP (own doctor)'),
  addiction_services: T('Misbrugsbehandling', 'Addiction services'),
  municipality: T('Kommunen', 'Municipality'),
  police: T('Politiet', 'Police'),
  victim_services: T('Offerrådgivning', 'Victim support'),
  livslinien: T('Livslinien', 'Livslinien (suicide helpline)'),
  other: T('Andet', 'Other'),
};

export const MOTIVATION_LABELS: Record<Motivation, Text> = {
  self_motivated: T('Motiveret af sig selv', 'Self-motivated'),
  externally_prompted: T('Opfordret af andre', 'Prompted by others'),
  ambivalent: T('Ambivalent', 'Ambivalent'),
  not_motivated: T('Ikke motiveret', 'Not motivated'),
  unknown: UNKNOWN,
};

export const GENDER_LABELS: Record<Gender, Text> = {
  male: T('Mand', 'Male'),
  female: T('Kvinde', 'Female'),
  other: T('Andet', 'Other'),
  unknown: UNKNOWN,
};

export const AGE_BAND_LABELS: Record<AgeBand, Text> = {
  '<25': T('Under 25 år', 'Under 25'),
  '25-34': T('25–34 år', '25–34'),
  '35-44': T('35–44 år', '35–44'),
  '45-54': T('45–54 år', '45–54'),
  '55+': T('55 år eller derover', '55 or over'),
  unknown: UNKNOWN,
};

export const REGION_LABELS: Record<Region, Text> = {
  capital: T('Region Hovedstaden', 'Capital Region of Denmark'),
  zealand: T('Region Sjælland', 'Region Zealand'),
  south: T('Region Syddanmark', 'Region of Southern Denmark'),
  central: T('Region Midtjylland', 'Central Denmark Region'),
  north: T('Region Nordjylland', 'North Denmark Region'),
  abroad: T('Udlandet', 'Abroad'),
  unknown: UNKNOWN,
};

export const RELATIONSHIP_LABELS: Record<Relationship, Text> = {
  ex_intimate: T('Tidligere partner', 'Former partner'),
  intimate: T('Nuværende partner', 'Current partner'),
  acquaintance: T('Bekendt', 'Acquaintance'),
  work: T('Kollega eller arbejdsrelation', 'Colleague or work relation'),
  online: T('Kendt fra nettet', 'Known online'),
  family: T('Familie', 'Family'),
  stranger: T('Fremmed', 'Stranger'),
  unknown: UNKNOWN,
};

export const STALKING_DURATION_LABELS: Record<StalkingDuration, Text> = {
  '<2w': T('Under 2 uger', 'Under 2 weeks'),
  '2w-3m': T('2 uger til 3 måneder', '2 weeks to 3 months'),
  '3m-1y': T('3 måneder til 1 år', '3 months to 1 year'),
  '1-2y': T('1–2 år', '1–2 years'),
  '>2y': T('Over 2 år', 'Over 2 years'),
  unknown: UNKNOWN,
};

export const LEGAL_STATUS_LABELS: Record<LegalStatus, Text> = {
  police_warning: T('Advarsel fra politiet', 'Police warning'),
  restraining_order: T('Tilhold', 'Restraining order'),
  charged: T('Sigtet eller tiltalt', 'Charged'),
  convicted: T('Dømt', 'Convicted'),
  prison: T('Fængselsstraf', 'Prison sentence'),
};

export const BEHAVIOUR_LABELS: Record<Behaviour, Text> = {
  calls_sms: T('Opkald og sms’er', 'Calls and text messages'),
  social_media: T('Sociale medier', 'Social media'),
  email: T('E-mails', 'Emails'),
  letters_material: T('Breve eller andet materiale', 'Letters or other material'),
  showing_up: T('Opsøger personen', 'Showing up'),
  surveillance_following: T('Overvåger eller følger efter', 'Watching or following'),
  electronic_surveillance: T('Elektronisk overvågning (fx GPS, spyware)', 'Electronic surveillance (e.g. GPS, spyware)'),
  reputation_damage: T('Skader personens omdømme', 'Damaging reputation'),
  info_via_network: T('Indhenter oplysninger via andre', 'Gathering information through others'),
  passing_on_info: T('Videregiver oplysninger om personen', 'Passing on information'),
  unwanted_gifts: T('Uønskede gaver', 'Unwanted gifts'),
  break_in: T('Indbrud', 'Break-in'),
  vandalism: T('Hærværk', 'Vandalism'),
  forced_entry: T('Trænger sig ind', 'Forcing entry'),
  physical_violence: T('Fysisk vold', 'Physical violence'),
};

export const ESCALATION_LABELS: Record<Escalation, Text> = {
  caller_advised_112: T('Opkalder rådet til at ringe 112', 'Caller advised to call 112'),
  staff_called_112: T('Psykologen ringede 112', 'Staff called 112'),
  supervisor_consulted: T('Supervisor kontaktet', 'Supervisor consulted'),
  police_notified: T('Politiet underrettet', 'Police notified'),
  child_protection_notified: T('Underretning til kommunen om et barn', 'Child protection notified'),
};

export const RISK_FLAG_GROUP_LABELS: Record<RiskFlagGroup, Text> = {
  stalking: T('Stalking (S-DASH)', 'Stalking (S-DASH)'),
  severity: T('Alvorlighed (DASH / Danger Assessment)', 'Severity (DASH / Danger Assessment)'),
  self_harm: T('Selvskade (C-SSRS)', 'Self-harm (C-SSRS)'),
  acute: T('Akut', 'Acute'),
};

export const RISK_FLAG_LABELS: Record<RiskFlag, Text> = {
  // Stalking (S-DASH)
  prior_stalking_other_victims: T('Har tidligere stalket andre', 'Has stalked others before'),
  property_damage: T('Har ødelagt ting', 'Has damaged property'),
  frequent_approaches: T('Hyppige henvendelser', 'Frequent approaches'),
  threats_of_violence: T('Har truet med vold', 'Has threatened violence'),
  third_party_harassment: T('Chikanerer familie, venner eller andre', 'Harasses family, friends or others'),
  violence_current_episode: T('Vold i det nuværende forløb', 'Violence in the current episode'),
  enlisting_others: T('Får andre til at hjælpe med stalkingen', 'Enlists others in the stalking'),
  substance_use: T('Misbrug af alkohol eller stoffer', 'Alcohol or drug misuse'),
  violent_history: T('Tidligere voldelig', 'History of violence'),
  // Severity (DASH / Danger Assessment)
  threats_to_kill: T('Trusler om at slå ihjel', 'Threats to kill'),
  strangulation: T('Kvælning eller kvælningsforsøg', 'Strangulation'),
  weapon_access: T('Adgang til våben', 'Access to weapons'),
  order_breach: T('Brud på tilhold', 'Breach of a restraining order'),
  escalation: T('Stigende intensitet eller hyppighed', 'Escalating intensity or frequency'),
  children_shared_with_target: T('Fælles børn med personen', 'Children shared with the person'),
  still_in_contact_with_target: T('Stadig i kontakt med personen', 'Still in contact with the person'),
  // Self-harm (C-SSRS)
  cssrs_wish_dead: T('Ønske om at være død', 'Wish to be dead'),
  cssrs_suicidal_thoughts: T('Selvmordstanker', 'Suicidal thoughts'),
  cssrs_method: T('Tanker om metode', 'Thoughts of a method'),
  cssrs_intent: T('Hensigt om at handle', 'Intent to act'),
  cssrs_plan: T('Konkret plan', 'A specific plan'),
  cssrs_behaviour_recent: T('Selvmordsadfærd for nylig', 'Recent suicidal behaviour'),
  self_harm_history: T('Tidligere selvskade', 'History of self-harm'),
  threatened_self_harm: T('Har truet med selvskade', 'Has threatened self-harm'),
  // Acute
  intent_to_harm_target_now: T('Vil skade personen nu', 'Intends to harm the person now'),
  at_target_location_now: T('Er ved personen nu', 'Is where the person is now'),
  attempt_in_progress: T('Et forsøg på at skade nogen er i gang lige nu', 'An attempt to harm someone is in progress now'),
};

export const RISK_ANSWER_LABELS: Record<RiskAnswer, Text> = {
  yes: T('Ja', 'Yes'),
  no: T('Nej', 'No'),
  unknown: UNKNOWN,
};

export const TRIAGE_LABELS: Record<Triage, Text> = {
  not_assessed: T('Ikke vurderet', 'Not assessed'),
  low: T('Lav', 'Low'),
  moderate: T('Moderat', 'Moderate'),
  high: T('Høj', 'High'),
  acute: T('Akut', 'Acute'),
};

export const BLOCK_REASON_LABELS: Record<BlockReason, Text> = {
  abusive: T('Krænkende', 'Abusive'),
  threatening: T('Truende', 'Threatening'),
  prank: T('Drilleopkald', 'Prank call'),
  sexual: T('Seksuelt krænkende', 'Sexual'),
  other: T('Andet', 'Other'),
};

/** The form's fields, by the names the API uses. */
export const FIELD_LABELS = {
  callerType: T('Hvem ringer?', 'Who is calling?'),
  outcome: T('Udfald', 'Outcome'),
  referrals: T('Henvisninger', 'Referrals'),
  motivation: T('Motivation for behandling', 'Motivation for treatment'),
  gender: T('Køn', 'Gender'),
  ageBand: T('Alder', 'Age'),
  region: T('Region', 'Region'),
  relationship: T('Relation til den, der bliver stalket', 'Relationship to the person being stalked'),
  stalkingDuration: T('Stalkingens varighed', 'How long the stalking has gone on'),
  legalStatus: T('Retlig status', 'Legal status'),
  behaviours: T('Adfærd', 'Behaviours'),
  riskFlags: T('Risikofaktorer', 'Risk factors'),
  safetyPlanMade: T('Sikkerhedsplan lavet', 'Safety plan made'),
  escalations: T('Eskalering', 'Escalation'),
  triageOverride: T('Ændr triage', 'Override triage'),
  notes: T('Noter', 'Notes'),
} as const;

export const CALLER_LANGUAGE_LABELS: Record<'da' | 'en', Text> = {
  da: T('Dansk', 'Danish'),
  en: T('Engelsk', 'English'),
};

/** The duration bands the call record keeps (src/shared/bands.ts). */
export const DURATION_LABELS: Record<string, Text> = {
  '<5': T('under 5 min', 'under 5 min'),
  '5-15': T('5–15 min', '5–15 min'),
  '15-30': T('15–30 min', '15–30 min'),
  '>30': T('over 30 min', 'over 30 min'),
};
