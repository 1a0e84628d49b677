// GET /api/fleet – every cluster of the kubeconfig with its reachability and istio-system labels.
import { NextResponse } from 'next/server';

import { fleetSummary } from '@/server/fleet/fleet-summary';
import { withErrors } from '@/server/http/with-errors';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => NextResponse.json(await fleetSummary()));
