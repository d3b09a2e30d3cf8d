package io.flowd.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Temporal test server the local start embeds is reachable on loopback only. */
class EmbeddedTemporalTest {

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address;
          }
        }
      }
    }
    return null;
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @Test
  void the_embedded_temporal_listens_on_loopback_only() throws IOException {
    InetAddress external = nonLoopbackAddress();
    Assumptions.assumeTrue(external != null, "no non-loopback IPv4 address on this machine");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    try (Closeable temporal = LocalStart.embeddedTemporal(port)) {
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      assertThat(accepts(external, port)).isFalse();
    }
  }

  @Test
  void the_local_start_goes_on_once_the_embedded_server_has_answered() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Closeable server = LocalStart.embeddedTemporal(port);

    try (Closeable answered = LocalStart.answering(server, port)) {
      assertThat(answered).isSameAs(server);
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
    }
  }

  /** A workflow that only waits. */
  @WorkflowInterface
  public interface Waits {
    @WorkflowMethod
    void waitAnHour();
  }

  /** Sleeps an hour of the server's time. */
  public static final class WaitsImpl implements Waits {
    @Override
    public void waitAnHour() {
      Workflow.sleep(Duration.ofHours(1));
    }
  }

  @Test
  void the_embedded_temporal_keeps_real_time_while_every_run_waits_on_a_timer() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (Closeable temporal = LocalStart.embeddedTemporal(port)) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
      try {
        factory.newWorker("waits").registerWorkflowImplementationTypes(WaitsImpl.class);
        factory.start();
        WorkflowClient client = factory.getWorkflowClient();
        Waits waits =
            client.newWorkflowStub(
                Waits.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("waits-" + port)
                    .setTaskQueue("waits")
                    .build());
        WorkflowExecution execution = WorkflowClient.start(waits::waitAnHour);
        // Once the timer is started nothing runs: a server that skipped time would fire it now.
        Thread.sleep(2_000);

        assertThat(
                service
                    .blockingStub()
                    .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace("default")
                            .setExecution(execution)
                            .build())
                    .getWorkflowExecutionInfo()
                    .getStatus())
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      } finally {
        factory.shutdownNow();
        service.shutdownNow();
      }
    }
  }
}
