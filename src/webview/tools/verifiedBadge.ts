import { t } from '../l10n';

const TITLES = {
  card: t('verify_math checked this result symbolically (computer algebra) or, where that could not decide, numerically.'),
  message: t('Tutor checked a result in this answer with verify_math, symbolically (computer algebra) or numerically.'),
  failed: t('verify_math could not confirm this result: check it yourself before relying on it.'),
};

/**
 * The badge for a verify_math outcome: "✓ Verified" (on the card and its answer) or
 * "✗ Check failed" (on the card only). The title says how the check was done.
 */
export function verifiedBadge(verified: boolean, on: 'card' | 'message'): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `badge ${verified ? 'verified' : 'check-failed'}`;
  badge.title = verified ? TITLES[on] : TITLES.failed;
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = verified ? '✓' : '✗';
  badge.append(icon, ' ', verified ? t('Verified') : t('Check failed'));
  return badge;
}
