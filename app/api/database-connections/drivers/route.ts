import { hosted } from "@/lib/compat/dataherald-routes";

export const GET = hosted.drivers.GET;
