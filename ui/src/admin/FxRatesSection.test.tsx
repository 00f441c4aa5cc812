import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PriceList } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { FxRatesSection } from './FxRatesSection';

const admin = { id: 'ad', name: 'ad', roles: ['admin' as const] };
const list = (rates: PriceList['fx_rates']): PriceList => ({ prices: [], fx_rates: rates });

describe('the FX rates section', () => {
  it('lists the rates, sets one in upper case and reads the table again', async () => {
    const adminPrices = vi
      .fn()
      .mockResolvedValueOnce(list([{ currency: 'USD', credits_per_major_unit: 100, minor_digits: 2 }]))
      .mockResolvedValueOnce(
        list([
          { currency: 'EUR', credits_per_major_unit: 110, minor_digits: 2 },
          { currency: 'USD', credits_per_major_unit: 100, minor_digits: 2 },
        ]),
      );
    const putFxRate = vi.fn(async () => ({ currency: 'EUR', credits_per_major_unit: 110, minor_digits: 2 }));
    renderWithServices(<FxRatesSection />, { adminPrices, putFxRate }, { user: admin });
    const table = await screen.findByTestId('fx-rates');
    expect(within(table).getByText('USD')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Set an FX rate' });
    fireEvent.change(within(form).getByLabelText('Currency'), { target: { value: 'eur' } });
    fireEvent.change(within(form).getByLabelText('Credits per unit'), { target: { value: '110' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Set rate' }));
    await screen.findByText('EUR: 110 credits per unit.');
    expect(putFxRate.mock.calls[0]!.slice(0, 3)).toEqual(['EUR', 110, 2]);
    expect(await within(table).findByText('EUR')).toBeTruthy();
    expect(within(form).getByLabelText('Credits per unit').getAttribute('max')).toBe('1000000');
    expect(within(form).getByLabelText('Minor digits').getAttribute('max')).toBe('3');
  });

  it('shows the field at fault when the service refuses a rate', async () => {
    const adminPrices = vi.fn(async () => list([]));
    const putFxRate = vi.fn().mockRejectedValueOnce(
      new ApiProblem({
        status: 400,
        type: `${PROBLEM_TYPE_BASE}validation`,
        errors: [{ field: 'credits_per_major_unit', message: 'must be less than or equal to 1000000' }],
      }),
    );
    renderWithServices(<FxRatesSection />, { adminPrices, putFxRate }, { user: admin });
    expect(await screen.findByText(/No FX rates yet/)).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Set an FX rate' });
    fireEvent.change(within(form).getByLabelText('Currency'), { target: { value: 'CHF' } });
    fireEvent.change(within(form).getByLabelText('Credits per unit'), { target: { value: '5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Set rate' }));
    expect(await screen.findByText('credits_per_major_unit: must be less than or equal to 1000000')).toBeTruthy();
  });
});
