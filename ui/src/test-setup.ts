import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// the build machine is shared and often loaded: give findBy*/waitFor more than the default 1 s
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
