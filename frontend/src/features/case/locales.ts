/** Texts of this feature, in Swedish (default) and English. */
export const locales = {
  sv: {},
  en: {},
};
