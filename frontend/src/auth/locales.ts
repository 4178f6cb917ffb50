/** Texts of the login page, in Swedish (default) and English. */
export const locales = {
  sv: {
    title: "Logga in i Samverka",
    username: "Användarnamn",
    password: "Lösenord",
    submit: "Logga in",
    failed: {
      invalid:
        "Inloggningen misslyckades. Kontrollera användarnamn och lösenord. Är kontot avstängt kontaktar du din administratör.",
      locked: "För många misslyckade försök. Vänta {{minutes}} minuter och försök igen.",
      unavailable: "Det gick inte att nå Samverka. Kontrollera anslutningen och försök igen.",
    },
    sessionEnded: "Du har loggats ut. Logga in igen för att fortsätta där du var.",
    demo: {
      title: "Demokonton",
      intro: "Det här är en demo med påhittade uppgifter. Alla konton har lösenordet {{password}}.",
      use: "Logga in som {{name}}",
      username: "Användarnamn",
      who: "Vem",
      role: "Roll",
    },
    roles: {
      admin: "Systemadministratör",
      unit_manager: "Enhetschef",
      case_officer: "Handläggare",
      coordinator: "Samordnare",
      professional: "Yrkesverksam",
      preparation_group: "Beredningsgrupp",
      auditor: "Granskare",
      integration: "Systemintegration",
    },
  },
  en: {
    title: "Log in to Samverka",
    username: "User name",
    password: "Password",
    submit: "Log in",
    failed: {
      invalid:
        "Login failed. Check the user name and password. If your account is disabled, contact your administrator.",
      locked: "Too many failed attempts. Wait {{minutes}} minutes and try again.",
      unavailable: "Samverka could not be reached. Check the connection and try again.",
    },
    sessionEnded: "You have been logged out. Log in again to continue where you were.",
    demo: {
      title: "Demo accounts",
      intro: "This is a demo with made-up data. Every account has the password {{password}}.",
      use: "Log in as {{name}}",
      username: "User name",
      who: "Who",
      role: "Role",
    },
    roles: {
      admin: "System administrator",
      unit_manager: "Unit manager",
      case_officer: "Case officer",
      coordinator: "Coordinator",
      professional: "Professional",
      preparation_group: "Preparation group",
      auditor: "Auditor",
      integration: "System integration",
    },
  },
};
