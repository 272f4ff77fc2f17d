/** Refused input: what was not applied and why, one line per field. */
export function ErrorList({ title, errors, id, testId }: { title: string; errors: readonly string[]; id?: string; testId: string }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="errors" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <ul>
        {errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </div>
  );
}
