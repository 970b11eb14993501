/** The OAuth callback's page: stores the session the API put in it, then opens the UI. */
import { saveSession } from './session.ts';

const el = document.getElementById('oauth-result');
const result = JSON.parse(el?.textContent ?? '{}') as {
  session?: Parameters<typeof saveSession>[0];
  error?: string;
};
if (result.session) {
  saveSession(result.session);
  location.replace('/#/');
} else {
  location.replace(`/#/signin?error=${encodeURIComponent(result.error ?? 'sign-in failed')}`);
}
