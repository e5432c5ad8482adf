"""The engine client, free of bpy: engine process, reader threads, job table, polling."""
