// Readiness probe for start.sh: a metadata round trip through the Kafka admin client (the same
// requests a client makes first). Exits 0 once the broker answers with at least one live node.
// Run with the broker's own jars: java -cp "$KAFKA_HOME/libs/*" Ready.java 127.0.0.1:9092
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

public class Ready {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
    try (Admin admin = Admin.create(p)) {
      int nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
      admin.listTopics().names().get(5, TimeUnit.SECONDS);
      if (nodes < 1) System.exit(1);
      System.out.println("kafka ready: " + nodes + " node(s)");
    } catch (Exception e) {
      System.err.println("kafka not ready: " + e);
      System.exit(1);
    }
  }
}
