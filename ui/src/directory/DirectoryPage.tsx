import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';

/** Shown when the server's category list cannot be loaded. */
export const FALLBACK_CATEGORIES = ['music', 'gaming', 'talk', 'education', 'sports', 'art'] as const;
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'de', label: 'Deutsch' },
  { code: 'fr', label: 'Français' },
  { code: 'es', label: 'Español' },
] as const;
const SUGGEST_DEBOUNCE_MS = 200;
/** The query service refuses more than 200 characters (creditcast.query.limits.max-query-length). */
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
  const categories = useAsync((signal) => api.categories({ signal }), [api]);
  const categoryNames =
    categories.state.status === 'ready' ? categories.state.value.map((c) => c.name) : [...FALLBACK_CATEGORIES];

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
      api.suggest(query.trim(), { signal: controller.signal }).then(
        (r) => setSuggestions(r.slice(0, 8)),
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
            {categoryNames.map((c) => (
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
        <ErrorBox what="Live streams" error={streams.state.error} onRetry={streams.reload} />
      ) : null}
      {streams.state.status === 'ready' ? (
        streams.state.value.items.length === 0 ? (
          <p>No live streams match.</p>
        ) : (
          <ul className="stream-grid">
            {streams.state.value.items.map((s) => (
              <li key={s.id} className="card">
                <Link to={`/streams/${encodeURIComponent(s.id)}`}>
                  <strong>{s.title}</strong>
                </Link>
                <p className="muted">
                  <Link to={`/creators/${encodeURIComponent(s.creator_id)}`}>{s.creator_id}</Link>
                  {s.category ? ` · ${s.category}` : ''}
                  {s.language ? ` · ${s.language}` : ''}
                  {s.status === 'live' ? ` · ${s.viewer_count} watching` : ''}
                </p>
                {s.tags && s.tags.length > 0 ? <p className="muted">{s.tags.map((t) => `#${t}`).join(' ')}</p> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      <OpenById />
    </div>
  );
}

/** Opens a stream by its id (e.g. one the creator shared, or while search is not running). */
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
