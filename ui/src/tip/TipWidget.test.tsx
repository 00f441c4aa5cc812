import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { TipRequest, TipResult } from '../api/creditcast';
import { ApiProblem, NetworkError, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { TipWidget } from './TipWidget';

const result = (amount: number): TipResult => ({
  transaction_id: 't',
  amount_minor: amount,
  fee_minor: 3,
  creator_share_minor: 7,
  balance_minor: 90,
  replayed: false,
});

describe('the tip widget', () => {
  it('reuses the Idempotency-Key when retrying after a network failure, and uses a new one for the next tip', async () => {
    const keys: string[] = [];
    let call = 0;
    const tip = vi.fn(async (req: TipRequest, key: string) => {
      keys.push(key);
      call += 1;
      if (call === 1) throw new NetworkError('offline');
      return result(req.amount_minor);
    });
    const onTipped = vi.fn();
    renderWithServices(<TipWidget creatorId="creator-1" onTipped={onTipped} />, { tip });

    await userEvent.click(screen.getByRole('button', { name: '50' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tip 50 credits' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached/);
    await userEvent.click(screen.getByRole('button', { name: 'Tip 50 credits' }));
    expect(await screen.findByText('+50 tipped!')).toBeTruthy();
    expect(onTipped).toHaveBeenCalledWith(result(50));
    await userEvent.click(screen.getByRole('button', { name: 'Tip 50 credits' }));

    expect(tip.mock.calls.map((c) => c[0])).toEqual([
      { creator_id: 'creator-1', amount_minor: 50 },
      { creator_id: 'creator-1', amount_minor: 50 },
      { creator_id: 'creator-1', amount_minor: 50 },
    ]);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('shows the field the server rejected next to the amount', async () => {
    const tip = vi.fn(async () => {
      throw new ApiProblem({
        status: 400,
        type: `${PROBLEM_TYPE_BASE}validation`,
        errors: [{ field: 'amount_minor', message: 'must be less than or equal to 1000000' }],
      });
    });
    renderWithServices(<TipWidget creatorId="c" />, { tip });
    await userEvent.click(screen.getByRole('button', { name: 'Tip 10 credits' }));
    expect(await screen.findByText('must be less than or equal to 1000000')).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Credits' }).getAttribute('aria-invalid')).toBe('true');
  });
});
