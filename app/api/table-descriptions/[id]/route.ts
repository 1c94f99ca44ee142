import { hosted } from "@/lib/compat/dataherald-routes";

export const GET = hosted.table.GET;
export const PUT = hosted.table.PUT;
