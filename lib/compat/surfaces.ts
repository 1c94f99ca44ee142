import { dataheraldSurface } from "./dataherald-surface";
import { keboolaSurface } from "./keboola-surface";
import { pivotSurface } from "./pivot-surface";
import { zoomdataSurface } from "./zoomdata-surface";
import type { SurfaceModule } from "@/lib/openapi/surface-module";

// The compat surfaces whose operations the OpenAPI document and the HTTP server's method guard
// know. A new surface adds its module here (README: "Adding a surface").
export const COMPAT_SURFACES: SurfaceModule[] = [pivotSurface, dataheraldSurface, zoomdataSurface, keboolaSurface];
