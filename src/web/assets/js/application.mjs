// The only script of the service: it initialises the GOV.UK and MoJ components and the time-out
// warning. Every page works without it (SPEC WEB-2).
import { initAll as initGovuk } from '/assets/js/govuk-frontend.min.js'
import { initAll as initMoj } from '/assets/js/moj-frontend.min.js'

initGovuk()
initMoj()

// GOV.UK timeout warning pattern: a modal dialog before the idle time-out; "Stay signed in" posts
// the form (the session is renewed by any request), and reaching the time-out goes to sign-in.
const dialog = document.querySelector('[data-module="app-timeout-warning"]')
if (dialog && typeof dialog.showModal === 'function') {
  const idleMs = Number(dialog.dataset.idleMs)
  const warningMs = Number(dialog.dataset.warningMs)
  setTimeout(() => dialog.showModal(), idleMs - warningMs)
  setTimeout(() => { window.location.href = '/sign-in?timedOut=1' }, idleMs)
}
