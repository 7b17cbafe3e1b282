// The emergency protocol (DESIGN §4): the moment the triage turns acute it appears above the form as an alert that
// takes the focus. Once acknowledged it stays as a calm reminder while the triage is acute, and it comes back as an
// alert if the triage leaves acute and returns.
import { h, uid } from '../dom.js';
import { T } from '../i18n.js';

export interface EmergencyProtocol {
  element: HTMLElement;
  /** Follows the triage: shows the alert when it becomes acute, hides it when it is no longer. */
  update: (acute: boolean) => void;
  shown: () => boolean;
}

/** `afterDismiss` says where the focus goes once the alert is acknowledged. */
export function emergencyProtocol(afterDismiss: () => void): EmergencyProtocol {
  const titleId = uid('emergency-title');
  const textId = uid('emergency-text');
  const dismiss = h('button', { type: 'button', class: 'button emergency-dismiss', text: T('Forstået', 'Understood') });
  const element = h(
    'section',
    { class: 'emergency', hidden: true, tabindex: '-1', 'aria-labelledby': titleId, 'aria-describedby': textId },
    h('h3', { id: titleId, text: T('Nødprotokol', 'Emergency protocol') }),
    h('p', {
      id: textId,
      class: 'emergency-steps',
      text: T(
        'Akut: hold personen i røret · ring 112 · kontakt supervisor · afværgepligt (straffelovens § 141)',
        'Acute: keep the person on the line · call 112 · contact your supervisor · duty to prevent a crime (Danish Criminal Code § 141)',
      ),
    }),
    dismiss,
  );
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !dismiss.hidden) dismiss.click();
  });
  dismiss.addEventListener('click', () => {
    element.classList.add('acknowledged');
    element.setAttribute('role', 'region');
    dismiss.hidden = true;
    afterDismiss();
  });

  let wasAcute = false;
  return {
    element,
    update(acute) {
      if (acute && !wasAcute) {
        element.hidden = false;
        element.classList.remove('acknowledged');
        element.setAttribute('role', 'alertdialog');
        element.setAttribute('aria-modal', 'false');
        dismiss.hidden = false;
        element.focus();
      } else if (!acute) {
        element.hidden = true;
      }
      wasAcute = acute;
    },
    shown: () => !element.hidden,
  };
}
