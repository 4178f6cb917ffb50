/**
 * A zod schema as a @mantine/form `validate` function (mantine-form-zod-resolver is not
 * installed): each issue's message on the field its path names, `young_person.given_name`
 * style, which is also how the API's 422 field errors are keyed.
 */
import type { z } from "zod";

export function zodResolver<T>(schema: z.ZodType<unknown, T>) {
  return (values: T): Record<string, string> => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      errors[path] ??= issue.message;
    }
    return errors;
  };
}
