// The emergency protocol (docs/architecture.md, "Outcome vocabulary and triage"): when the triage turns acute a
// checklist appears right below the acute questions — keep the caller on the line, 112, the back-up duty
// (bagvagt) by name and number or plainly "not set", the duty to avert — with the escalation boxes inside it, so
// what was done is ticked where it is read. It is announced, but the focus stays where the psychologist was, and it
// sits in the flow of the form: it covers nothing.
import { h, uid } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';

export interface BackupDuty {
  name: string;
  phone: string;
}

export interface EmergencyProtocol {
  element: HTMLElement;
  /** Follows the triage: shown (and announced once) when it becomes acute, hidden when it is no longer. */
  update: (acute: boolean) => void;
  setBackupDuty: (duty: BackupDuty | null) => void;
  shown: () => boolean;
}

const step = (title: Text, ...rest: Array<HTMLElement | Text>) => h('li', {}, h('strong', { text: title }), ...rest.map((r) => (r instanceof HTMLElement ? r : h('span', { text: r }))));

/** `escalations` is the form's escalation fieldset: it moves in here while the triage is acute. */
export function emergencyProtocol(escalations: HTMLElement, home: HTMLElement, duty: BackupDuty | null): EmergencyProtocol {
  const titleId = uid('emergency-title');
  const announce = h('p', { class: 'emergency-lead', role: 'alert' });
  const dutyLine = h('span', { class: 'backup-duty' });
  const slot = h('div', { class: 'emergency-escalations' });
  const element = h(
    'section',
    { class: 'emergency', hidden: true, 'aria-labelledby': titleId },
    h('h3', { id: titleId, text: T('Nødprotokol: akut fare', 'Emergency protocol: acute danger') }),
    announce,
    h(
      'ol',
      { class: 'emergency-steps' },
      step(T('Hold opkalderen i røret.', 'Keep the caller on the line.'), T(' Læg ikke på, og bliv i samtalen.', ' Do not hang up; stay in the conversation.')),
      step(T('Ring 112, ', 'Call 112 '), T('hvis nogen er i fare nu — fra en anden telefon, mens opkalderen bliver i røret.', 'if anyone is in danger now — from another phone, while the caller stays on the line.')),
      step(T('Ring bagvagten: ', 'Call the back-up duty: '), dutyLine),
      step(
        T('Afværgepligt (straffelovens § 141): ', 'Duty to avert (Danish Criminal Code § 141): '),
        T('Du skal forsøge at afværge en alvorlig forbrydelse mod nogens liv eller helbred, fx ved at underrette politiet — tavshedspligten viger.', 'You must try to avert a serious crime against someone’s life or health, e.g. by notifying the police — confidentiality gives way.'),
      ),
      step(T('Kryds af, hvad du har gjort:', 'Tick what you have done:'), slot),
    ),
  );

  function setBackupDuty(next: BackupDuty | null) {
    dutyLine.replaceChildren();
    if (next) {
      dutyLine.append(`${next.name}, `, h('a', { href: `tel:${next.phone.replace(/\s+/g, '')}`, class: 'backup-phone' }, next.phone));
    } else {
      dutyLine.append(
        h('span', {
          class: 'not-set',
          text: T('ikke angivet. Ring din supervisor, og bed en administrator om at angive en bagvagt.', 'not set. Call your supervisor, and ask an admin to set a back-up duty.'),
        }),
      );
    }
  }
  setBackupDuty(duty);

  let wasAcute = false;
  return {
    element,
    update(acute) {
      if (acute && !wasAcute) {
        element.hidden = false;
        // Moving the boxes keeps their state (and the focus is on a flag, not on them).
        slot.append(escalations);
        tx(announce, T('Triagen er akut. Følg trinene herunder.', 'The triage is acute. Follow the steps below.'));
      } else if (!acute && wasAcute) {
        element.hidden = true;
        home.append(escalations);
        tx(announce, '');
      }
      wasAcute = acute;
    },
    setBackupDuty,
    shown: () => !element.hidden,
  };
}
