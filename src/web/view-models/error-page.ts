import { pageTitle } from './page';

export interface ErrorPageModel {
  status: number;
  view: 'pages/error';
  title: string;
  heading: string;
  paragraphs: string[];
}

/**
 * Error pages in the service's design (GOV.UK "page not found" and "there is a problem" patterns).
 * "Not yours" is a 404 like "not there" (SPEC SEC-2), so the words never say which.
 */
export function errorPage(status: number): ErrorPageModel {
  const page = (heading: string, ...paragraphs: string[]): ErrorPageModel => ({ status, view: 'pages/error', title: pageTitle(heading), heading, paragraphs });
  if (status === 404) {
    return page('Page not found', 'If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.', 'If you followed a link to a referral, it may not be one you can see.');
  }
  if (status === 403) {
    return page('You cannot do this', 'Your account does not allow this, or the form had expired. Go back, reload the page and try again.');
  }
  if (status === 429) {
    return page('Too many attempts', 'You have tried this too many times in a short time. Wait a minute, then try again.', 'If a child is in immediate danger, call 999.');
  }
  if (status >= 400 && status < 500) {
    return page('There is a problem with the request', 'Go back and try again.');
  }
  return { ...page('Sorry, there is a problem with the service', 'Try again later. Nothing you sent has been lost if you saw a confirmation page.', 'If a child is in immediate danger, call 999.'), status: 500 };
}
