// Conditional reveals on the case pages keep GOV.UK Frontend's behaviour (aria-controls, shown and
// hidden content) without aria-expanded on radios and checkboxes, which ARIA does not allow on those
// roles (axe: aria-allowed-attr, WCAG 4.1.2). The revealed questions follow the input they belong to.
const strip = (input) => {
  if (input.hasAttribute('aria-expanded')) input.removeAttribute('aria-expanded');
};
const inputs = () => document.querySelectorAll('input[type="radio"][aria-controls], input[type="checkbox"][aria-controls]');
const observer = new MutationObserver((changes) => changes.forEach((c) => strip(c.target)));
const watch = () => inputs().forEach((input) => {
  strip(input);
  observer.observe(input, { attributes: true, attributeFilter: ['aria-expanded'] });
});
// application.mjs initialises the components first (module scripts run in order).
watch();
