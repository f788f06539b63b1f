-- The test.run.id a test run was uploaded with (JUnit property, or the upload's testRunId
-- parameter): it joins the run to the spans its tests sent, which ingest keeps as test traffic.
CREATE TABLE test_run_trace_id (
    run_id      BIGINT       NOT NULL PRIMARY KEY REFERENCES test_run (id) ON DELETE CASCADE,
    test_run_id VARCHAR(512) NOT NULL
);
CREATE INDEX test_run_trace_id_by_id ON test_run_trace_id (test_run_id);
