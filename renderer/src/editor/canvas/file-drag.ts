/** Drag payload of a project file (sidebar file tree -> canvas): its project-relative path. */
export const FILE_DRAG_TYPE = 'application/x-orchest-file';
