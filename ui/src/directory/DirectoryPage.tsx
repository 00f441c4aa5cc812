import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';

export const CATEGORIES = ['music', 'gaming', 'talk', 'education', 'sports', 'art'] as const;
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'de', label: 'Deutsch' },
  { code: 'fr', label: 'Français' },
  { code: 'es', label: 'Español' },
] as const;
const SUGGEST_DEBOUNCE_MS = 200;
const MAX_QUERY_CHARS = 100;

/** "Online now" with filters and search (seed 000 FR-D1..D4); data from the discovery read model. */
export function DirectoryPage() {
  const { api } = useServices();
  const [category, setCategory] = useState('');
  const [language, setLanguage] = useState('');
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const listId = useId();

  const streams = useAsync(
    (signal) => api.streams({ status: 'live', category, language, q: submitted }, { signal }),
    [api, category, language, submitted],
  );

  useEffect(() => {
    if (query.trim().length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const t = window.setTimeout(() => {
      api.streamSuggestions(query.trim(), { signal: controller.signal }).then(
        (r) => setSuggestions(r.suggestions.slice(0, 8)),
        () => setSuggestions([]),
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(t);
      controller.abort();
    };
  }, [api, query]);

  return (
    <div>
      <h1>Online now</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <label>
          Search
          <input
            type="search"
            value={query}
            maxLength={MAX_QUERY_CHARS}
            list={listId}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Creator, title or tag"
          />
        </label>
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">Any</option>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>

      {streams.state.status === 'loading' ? <Loading label="Loading live streams…" /> : null}
      {streams.state.status === 'error' ? (
        <ErrorBox
          what="Live streams (discovery read model, issue 5)"
          error={streams.state.error}
          onRetry={streams.reload}
        />
      ) : null}
      {streams.state.status === 'ready' ? (
        streams.state.value.items.length === 0 ? (
          <p>No live streams match.</p>
        ) : (
          <ul className="stream-grid">
            {streams.state.value.items.map((s) => (
              <li key={s.stream_id} className="card">
                <Link to={`/streams/${encodeURIComponent(s.stream_id)}`}>
                  <strong>{s.title}</strong>
                </Link>
                <p className="muted">
                  {s.creator_name ?? s.creator_id} · {s.category}
                  {s.language ? ` · ${s.language}` : ''}
                  {s.viewer_count !== undefined ? ` · ${s.viewer_count} watching` : ''}
                </p>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <OpenById />
    </div>
  );
}

/** Opens a stream by its id (e.g. one the creator shared) while discovery is not there. */
function OpenById() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  return (
    <form
      className="card open-by-id"
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) navigate(`/streams/${encodeURIComponent(id.trim())}`);
      }}
    >
      <label>
        Stream id
        <input value={id} onChange={(e) => setId(e.target.value)} maxLength={64} required />
      </label>
      <button type="submit">Watch</button>
    </form>
  );
}
