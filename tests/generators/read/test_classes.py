"""Data models stated as Java, Python and Go classes."""

from __future__ import annotations

from generators.generate import Generator
from generators.model import DomainModel
from generators.read import workspace

_ARCHITECTURE = """# Architecture

## Java

```java
@Entity
public class Customer {
    @Id
    private UUID id;
    @Column(nullable = false, unique = true)
    private String email;
    private LocalDate birthDate;
    @OneToMany(mappedBy = "customer")
    private List<Order> orders;

    public String getEmail() { return email; }
}

@Entity
public class Order {
    @Id private UUID id;
    private BigDecimal total;
    private OrderStatus status;
    @ManyToOne
    private Customer customer;
}

public enum OrderStatus { OPEN, PAID, SHIPPED }
```

## Python

```python
class Product(models.Model):
    name = models.CharField(max_length=80)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, null=True)

    def __str__(self):
        label: str = self.name
        return label

class Supplier(Base):
    __tablename__ = "suppliers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    website: Mapped[Optional[str]]

class ProductService:
    def list(self) -> list[Product]:
        return []
```

## Go

```go
type Shipment struct {
    ID         string     `json:"id" gorm:"primaryKey"`
    TrackingNo string     `json:"tracking_no"`
    ShippedAt  *time.Time `json:"shipped_at,omitempty"`
    Items      []Product  `json:"items"`
}
```
"""


def _files() -> dict[str, bytes]:
    return {"config.json": b'{"name": "Shop"}', "code/architecture/architecture.md": _ARCHITECTURE.encode()}


def _read() -> DomainModel:
    return workspace.read("shop", _files())


def _fields(domain: DomainModel, entity: str) -> dict[str, str]:
    found = next(e for e in domain.entities if e.name == entity)
    return {a.name: a.type.value + ("?" if a.optional else "") for a in found.attributes}


def test_java_entities_keep_their_fields_keys_enums_and_one_relationship_per_pair() -> None:
    domain = _read()
    assert _fields(domain, "Customer") == {"id": "uuid", "email": "string", "birthDate": "date"}
    order = next(e for e in domain.entities if e.name == "Order")
    assert [a.name for a in order.attributes if a.pk] == ["id"]
    status = next(a for a in order.attributes if a.name == "status")
    assert status.enum_values == ("OPEN", "PAID", "SHIPPED")
    pairs = [(r.left, r.right) for r in domain.relationships if {r.left, r.right} == {"Customer", "Order"}]
    assert pairs == [("Customer", "Order")]


def test_django_and_sqlalchemy_models_and_no_service_class() -> None:
    domain = _read()
    assert _fields(domain, "Product") == {"name": "string", "price": "decimal"}
    assert _fields(domain, "Supplier") == {"id": "int", "name": "string", "website": "string?"}
    assert any(r.left == "Supplier" and r.right == "Product" for r in domain.relationships)
    assert "ProductService" not in {e.name for e in domain.entities}


def test_go_structs_are_named_by_their_json_tags() -> None:
    domain = _read()
    assert _fields(domain, "Shipment") == {"id": "string", "trackingNo": "string", "shippedAt": "datetime?"}


def test_the_plan_of_classes_validates() -> None:
    result = Generator(node_checks=False).generate("shop", _files())
    schema = result.artifacts["code/backend/database-schema.md"].decode()
    for table in ("customers", "orders", "products", "suppliers", "shipments"):
        assert f"`{table}`" in schema
