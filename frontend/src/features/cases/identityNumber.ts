/**
 * A first check of a Swedish personnummer or samordningsnummer before the proposal is sent:
 * the shape the API accepts (10 or 12 digits, with or without `-`, `+` for 100 years or older),
 * a real date of birth (day + 60 for a samordningsnummer) and the Luhn check digit. The API
 * checks it again and decides the century; this only spares the user a round trip.
 */
const SHAPE = /^(1[89]|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/;
const COORDINATION_DAY_OFFSET = 60;

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let index = 0; index < tenDigits.length; index += 1) {
    let digit = Number(tenDigits[index]) * (index % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return sum % 10 === 0;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isValidIdentityNumber(raw: string): boolean {
  const match = SHAPE.exec(raw.trim());
  if (!match) return false;
  const [, century, yy, mm, dd, serial] = match as unknown as [string, string | undefined, string, string, string, string];
  let day = Number(dd);
  if (day > COORDINATION_DAY_OFFSET) day -= COORDINATION_DAY_OFFSET;
  // Without the century (the API decides it), a leap day is valid if either century allows it.
  const years = century ? [Number(century + yy)] : [1900 + Number(yy), 2000 + Number(yy)];
  const dateOk = years.some((year) => isRealDate(year, Number(mm), day));
  return dateOk && luhnValid(`${yy}${mm}${dd}${serial}`);
}
