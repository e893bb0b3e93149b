/**
 * What an embed link asks for: the player's own parameters, `example=` or `problem=` (base64url
 * JSON), `step=` (the stop number, 1-based, as the player's counter and links count), `view=` and `granularity=` (or `by=`,
 * as the player page writes it). A bad parameter is a one-line message, never a blank frame.
 */
import { EXAMPLES, findExample } from '../../data/examples';
import { ProblemError, type Problem } from '../../data/problem';
import { PLAYER_VIEWS, type PlayerView } from '../player/network-layout';
import { decodeProblem } from '../player/problem-url';
import { GRANULARITIES, type Granularity } from '../player/stops';

export interface EmbedRequest {
  problem: Problem;
  /** The stop to open on, 1-based at the granularity (past the last means the last). */
  stop: number;
  view: PlayerView;
  granularity: Granularity;
}

export type EmbedParameters = Pick<URLSearchParams, 'get'>;

function oneOf<T extends string>(options: readonly T[], value: string | null, name: string, fallback: T): T {
  if (value === null) return fallback;
  const found = options.find((option) => option === value);
  if (found === undefined) throw new ProblemError(`${name}=${value} is not one of ${options.join(', ')}`);
  return found;
}

/** Reads the request, or throws a ProblemError whose message names the bad parameter. */
export function readEmbedRequest(parameters: EmbedParameters): EmbedRequest {
  const encoded = parameters.get('problem');
  const exampleId = parameters.get('example');
  let problem: Problem;
  if (encoded !== null) problem = decodeProblem(encoded);
  else {
    const example = findExample(exampleId ?? EXAMPLES[0]!.id);
    if (example === undefined) throw new ProblemError(`there is no example called "${exampleId}" (try ${EXAMPLES.map((entry) => entry.id).join(', ')})`);
    problem = example.problem;
  }
  const stepText = parameters.get('step');
  const stop = stepText === null ? 1 : Number(stepText);
  if (!Number.isInteger(stop) || stop < 1) throw new ProblemError(`step=${stepText} is not a whole number of at least 1`);
  return {
    problem,
    stop,
    view: oneOf(PLAYER_VIEWS, parameters.get('view'), 'view', 'network'),
    granularity: oneOf(GRANULARITIES, parameters.get('granularity') ?? parameters.get('by'), 'granularity', 'op'),
  };
}
