/** The activity of the cluster test's workflow: proves activity tasks reach a worker over mTLS. */
export async function greet(name: string): Promise<string> {
  return `Hallo, ${name}`;
}
