/** Sign in: password, or Google/GitHub through the API's OAuth endpoints (full-page redirects). */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { signIn } from './session.ts';

export function SignIn({ error: initial }: { error: string | null }) {
  const [error, setError] = useState<string | null>(initial);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
      location.hash = '#/items';
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel signin" aria-labelledby="signin-title">
    <h1 id="signin-title">Sign in</h1>
    <form onSubmit=${submit}>
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <p class="form-error" role="alert">${error ?? ''}</p>
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
    <p class="or">or</p>
    <div class="oauth">
      <a class="button secondary" href="/api/v1/auth/google/login">Sign in with Google</a>
      <a class="button secondary" href="/api/v1/auth/github/login">Sign in with GitHub</a>
    </div>
  </section>`;
}
