import { and, between, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../platform/index.js';
import { haversineMetres } from '../directory/index.js';
import { feedbackReports, OPEN_STATUSES } from './schema.js';

export interface DuplicateCandidate {
  id: string;
  publicId: string;
  description: string;
  status: string;
  distanceM: number;
  createdAt: string;
}

const METRES_PER_DEGREE = 111_320;

/**
 * Open reports of the same category within `radiusM` of the point (phản ánh trùng), nearest first.
 * A bounding box narrows the search on the location index; the haversine distance decides.
 */
export async function nearbyOpenReports(
  ex: Executor,
  categoryId: string,
  lat: number,
  lng: number,
  radiusM: number,
): Promise<DuplicateCandidate[]> {
  const dLat = radiusM / METRES_PER_DEGREE;
  const dLng = radiusM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const rows = await ex
    .select({
      id: feedbackReports.id,
      publicId: feedbackReports.publicId,
      description: feedbackReports.description,
      status: feedbackReports.status,
      lat: feedbackReports.lat,
      lng: feedbackReports.lng,
      createdAt: feedbackReports.createdAt,
    })
    .from(feedbackReports)
    .where(
      and(
        eq(feedbackReports.categoryId, categoryId),
        inArray(feedbackReports.status, [...OPEN_STATUSES]),
        between(feedbackReports.lat, lat - dLat, lat + dLat),
        between(feedbackReports.lng, lng - dLng, lng + dLng),
      ),
    )
    .limit(200);
  return rows
    .map((r) => ({
      id: r.id,
      publicId: r.publicId,
      description: r.description,
      status: r.status,
      distanceM: Math.round(haversineMetres(lat, lng, r.lat, r.lng) * 10) / 10,
      createdAt: r.createdAt.toISOString(),
    }))
    .filter((r) => r.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
}
